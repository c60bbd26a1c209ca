/** Degradation level: reachability first, then the local etcd member's facts. */
import { analyze, degradationFor } from '../../src/analysis';
import type { LocalConsensus, Role } from '../../src/analysis';
import { between, nodes, topology } from './topology';

const fine: LocalConsensus = { reachable: true, hasLeader: true };
const noLeader: LocalConsensus = { reachable: true, hasLeader: false };
const lost: LocalConsensus = { reachable: false, hasLeader: false };
const silentButLeader: LocalConsensus = { reachable: false, hasLeader: true };

describe('degradationFor', () => {
  it.each<[Role, LocalConsensus | undefined, number]>([
    ['healthy', undefined, 0],
    ['majority', undefined, 0],
    ['minority', undefined, 1],
    ['isolated', undefined, 2],
    ['healthy', fine, 0],
    ['majority', fine, 0],
    ['minority', fine, 1],
    ['isolated', fine, 2],
    ['healthy', noLeader, 1],
    ['majority', noLeader, 1],
    ['minority', noLeader, 1],
    ['isolated', noLeader, 2],
    ['healthy', lost, 1],
    ['majority', lost, 1],
    ['minority', lost, 1],
    ['isolated', lost, 3],
    ['majority', silentButLeader, 0],
    ['isolated', silentButLeader, 3],
  ])('%s with %p → %i', (role, consensus, level) => {
    expect(degradationFor(role, consensus)).toBe(level);
  });
});

describe('through analyze()', () => {
  const N5 = nodes(5);

  it('majority whose local member reports no leader → 1 (cannot take writes)', () => {
    const v = analyze(topology({ members: N5, self: 'n1', cut: between(['n1', 'n2', 'n3'], ['n4', 'n5']), localConsensus: noLeader }));
    expect(v.role).toBe('majority');
    expect(v.degradation).toBe(1);
  });

  it('healthy with a leader → 0', () => {
    expect(analyze(topology({ members: N5, self: 'n2', localConsensus: fine })).degradation).toBe(0);
  });

  it('isolated and the local member lost → 3 (emergency fallback)', () => {
    const v = analyze(topology({ members: N5, self: 'n5', cut: between(['n1', 'n2', 'n3', 'n4'], ['n5']), localConsensus: lost }));
    expect(v.role).toBe('isolated');
    expect(v.degradation).toBe(3);
  });

  it('isolated, local member answering without a leader → 2 (stale local reads still work: cached)', () => {
    const v = analyze(topology({ members: N5, self: 'n5', cut: between(['n1', 'n2', 'n3', 'n4'], ['n5']), localConsensus: noLeader }));
    expect(v.degradation).toBe(2);
  });

  it('isolated without consensus facts → 2', () => {
    expect(analyze(topology({ members: N5, self: 'n5', cut: between(['n1', 'n2', 'n3', 'n4'], ['n5']) })).degradation).toBe(2);
  });

  it('minority without a leader stays 1', () => {
    const v = analyze(topology({ members: N5, self: 'n4', cut: between(['n1', 'n2', 'n3'], ['n4', 'n5']), localConsensus: noLeader }));
    expect(v.degradation).toBe(1);
  });
});
