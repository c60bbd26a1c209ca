/** The verdict by zone: how much of each zone this node reaches, and the sides of a cut as zones. */
import { analyze } from '../../src/analysis';
import { zoneVerdict } from '../../src/analysis/zones';
import { between, nodes, topology } from './topology';

const N6 = nodes(6);
const ZONE: Record<string, string> = { n1: 'eu-west-1a', n2: 'eu-west-1a', n3: 'eu-west-1b', n4: 'eu-west-1b', n5: 'eu-west-1c', n6: 'eu-west-1c' };

describe('zoneVerdict', () => {
  it('reads a healthy cluster as one side with every zone whole', () => {
    const verdict = analyze(topology({ members: N6, self: 'n1' }));
    expect(zoneVerdict(verdict, N6, (m) => ZONE[m])).toEqual({
      zones: [
        { zone: 'eu-west-1a', members: 2, reachable: 2 },
        { zone: 'eu-west-1b', members: 2, reachable: 2 },
        { zone: 'eu-west-1c', members: 2, reachable: 2 },
      ],
      sides: [['eu-west-1a', 'eu-west-1b', 'eu-west-1c']],
      summary: 'eu-west-1a, eu-west-1b, eu-west-1c',
    });
  });

  it('names a zone cut from the others, from both sides', () => {
    const cut = between(['n1', 'n2'], ['n3', 'n4', 'n5', 'n6']);
    const fromA = zoneVerdict(analyze(topology({ members: N6, self: 'n1', cut, relay: 'all' })), N6, (m) => ZONE[m]);
    expect(fromA.summary).toBe('eu-west-1b, eu-west-1c | eu-west-1a');
    expect(fromA.zones.map((z) => `${z.zone} ${z.reachable}/${z.members}`)).toEqual(['eu-west-1a 2/2', 'eu-west-1b 0/2', 'eu-west-1c 0/2']);
    const fromC = zoneVerdict(analyze(topology({ members: N6, self: 'n6', cut, relay: 'all' })), N6, (m) => ZONE[m]);
    expect(fromC.zones.map((z) => `${z.zone} ${z.reachable}/${z.members}`)).toEqual(['eu-west-1a 0/2', 'eu-west-1b 2/2', 'eu-west-1c 2/2']);
  });

  it('reads a cut inside a zone as that zone reachable in part; members without a zone fall in ""', () => {
    const verdict = analyze(topology({ members: N6, self: 'n1', cut: between(['n1', 'n2', 'n3', 'n4', 'n5'], ['n6']), relay: 'all' }));
    const result = zoneVerdict(verdict, N6, (m) => (m === 'n6' ? undefined : ZONE[m]));
    expect(result.zones.map((z) => `${z.zone || '""'} ${z.reachable}/${z.members}`)).toEqual(['"" 0/1', 'eu-west-1a 2/2', 'eu-west-1b 2/2', 'eu-west-1c 1/1']);
    expect(result.summary).toBe('eu-west-1a, eu-west-1b, eu-west-1c | (no zone)');
  });
});
