/** Links between zones by state, and the share up among the known ones (netsplit_zone_links_up_ratio). */
import type { ClusterView } from '../../src/analysis';
import { zoneLinkCounts, type ZoneLinkCount } from '../../src/analysis/zone-links';
import { between, MAX_AGE_MS, NOW, nodes, topology } from './topology';

const N6 = nodes(6);
const ZONE: Record<string, string> = { n1: 'a', n2: 'a', n3: 'a', n4: 'b', n5: 'b', n6: 'b' };
const zoneOf = (member: string) => ZONE[member];

/** One line per pair of zones: `a→b up/down/unknown ratio`. */
function lines(counts: readonly ZoneLinkCount[]): string[] {
  return counts.map((c) => `${c.sourceZone || '""'}→${c.targetZone || '""'} ${c.up}/${c.down}/${c.unknown} ${c.upRatio === undefined ? '-' : c.upRatio.toFixed(3)}`);
}

describe('zoneLinkCounts', () => {
  it('reads a healthy cluster as every link between and within the zones up', () => {
    expect(lines(zoneLinkCounts(topology({ members: N6, self: 'n1', compact: true }), zoneOf))).toEqual(['a→a 6/0/0 1.000', 'a→b 9/0/0 1.000', 'b→a 9/0/0 1.000', 'b→b 6/0/0 1.000']);
  });

  it('reads two zones split apart as 0 across the cut, from the rows each side holds', () => {
    const cut = between(['n1', 'n2', 'n3'], ['n4', 'n5', 'n6']);
    // Rows travel along two-way contacts: n1 holds its own side's rows only, so links into b are unknown.
    const ownSide = ['a→a 6/0/0 1.000', 'a→b 0/0/9 -', 'b→a 0/9/0 0.000', 'b→b 0/0/6 -'];
    expect(lines(zoneLinkCounts(topology({ members: N6, self: 'n1', cut, compact: true }), zoneOf))).toEqual(ownSide);
    expect(lines(zoneLinkCounts(topology({ members: N6, self: 'n1', cut }), zoneOf))).toEqual(ownSide);
    expect(lines(zoneLinkCounts(topology({ members: N6, self: 'n1', cut, relay: 'all', compact: true }), zoneOf))).toEqual(['a→a 6/0/0 1.000', 'a→b 0/9/0 0.000', 'b→a 0/9/0 0.000', 'b→b 6/0/0 1.000']);
  });

  it('reads a one-way cut as one direction down and the other up', () => {
    const dropped = between(['n4', 'n5', 'n6'], ['n1', 'n2', 'n3']);
    expect(lines(zoneLinkCounts(topology({ members: N6, self: 'n1', dropped, relay: 'all', compact: true }), zoneOf))).toEqual([
      'a→a 6/0/0 1.000',
      'a→b 9/0/0 1.000',
      'b→a 0/9/0 0.000',
      'b→b 6/0/0 1.000',
    ]);
  });

  it('leaves links into a member without a fresh row out of the ratio, counted as unknown', () => {
    // n6's agent stopped: no row of n6, and n6 sends nothing (its outbound links are down).
    const stopped = topology({ members: N6, self: 'n1', stopped: ['n6'], compact: true });
    expect(lines(zoneLinkCounts(stopped, zoneOf))).toEqual(['a→a 6/0/0 1.000', 'a→b 6/0/3 1.000', 'b→a 6/3/0 0.667', 'b→b 2/2/2 0.500']);
    // n5's row is older than the freshness window: the same as no row.
    const stale = topology({ members: N6, self: 'n1', compact: true, ages: { n5: MAX_AGE_MS + 1 } });
    expect(lines(zoneLinkCounts(stale, zoneOf))).toEqual(['a→a 6/0/0 1.000', 'a→b 6/0/3 1.000', 'b→a 9/0/0 1.000', 'b→b 4/0/2 1.000']);
  });

  it('reads unknown characters, names that are no member, repeats and uncounted members as the analysis does', () => {
    const order = ['n1', 'ghost', 'n2', 'n3', 'n2'];
    const row = (origin: string, states: string) => ({ origin, bornAt: NOW, inbound: {}, compact: { order, states } });
    const view: ClusterView = {
      self: 'n1',
      members: ['n1', 'n2', 'n3', 'n4'],
      uncounted: ['n4'],
      now: NOW,
      maxAgeMs: MAX_AGE_MS,
      rows: new Map([
        // n1 hears n2 (up) and nothing of n3 ('?'); ghost's 'u' and the repeated n2's 'd' are not read.
        ['n1', row('n1', '?uu?d')],
        // n2 hears n1 down and n3 up.
        ['n2', row('n2', 'dd?uu')],
      ]),
    };
    // n3 has no zone: it falls in "". n4 is uncounted: no links at all.
    const zones: Record<string, string> = { n1: 'a', n2: 'a', n4: 'b' };
    expect(lines(zoneLinkCounts(view, (m) => zones[m]))).toEqual(['""→a 1/0/1 1.000', 'a→"" 0/0/2 -', 'a→a 1/1/0 0.500']);
  });

  it('reads compact rows (a run at a time) as it reads Record rows (one name at a time), with few zones and with many', () => {
    const members = nodes(80);
    // A fixed pseudo-random set of cut pairs and one-way drops, every row held.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) % 100;
    const cut: Array<[string, string]> = [];
    const dropped: Array<[string, string]> = [];
    for (let a = 0; a < 80; a++)
      for (let b = a + 1; b < 80; b++) {
        const r = random();
        if (r < 10) cut.push([members[a]!, members[b]!]);
        else if (r < 15) dropped.push([members[b]!, members[a]!]);
      }
    const spec = { members, self: 'n1', cut, dropped, relay: 'all' as const, stopped: ['n80'] };
    const byThree = (m: string) => `z${Number(m.slice(1)) % 3}`;
    const own = (m: string) => m; // 80 zones: past the prefix table
    for (const zoneOf of [byThree, own]) {
      const compact = zoneLinkCounts(topology({ ...spec, compact: true }), zoneOf);
      expect(compact).toEqual(zoneLinkCounts(topology(spec), zoneOf));
      // Every ordered pair of distinct members once; n80's row is missing: its 79 inbound links unknown.
      const sum = (key: 'up' | 'down' | 'unknown') => compact.reduce((total, c) => total + c[key], 0);
      expect({ all: sum('up') + sum('down') + sum('unknown'), unknown: sum('unknown') }).toEqual({ all: 80 * 79, unknown: 79 });
    }
  });

  it('counts nothing when no member has a zone', () => {
    expect(zoneLinkCounts(topology({ members: N6, self: 'n1', compact: true }), () => undefined)).toEqual([]);
    expect(zoneLinkCounts(topology({ members: N6, self: 'n1' }), () => '')).toEqual([]);
  });
});
