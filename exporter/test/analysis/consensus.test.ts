import { analyze } from '../../src/analysis';
import { assessConsensus, degradationWithConsensus, leadersAsWriters, localConsensusOf } from '../../src/analysis/consensus';
import { nodeOfMember } from '../../src/analysis/member-nodes';
import type { ClusterView, ConsensusGroup, ConsensusMember, InboundRow, LinkState, NodeName } from '../../src/analysis/types';

const NODES = ['n1', 'n2', 'n3', 'n4', 'n5'];
const ADDRESSES = NODES.map((name, i) => ({ name, host: `10.200.0.${i + 1}` }));

/** One etcd member per node; `leaderOf[node]` = what that member names ('' none), undefined = unreachable. */
function etcdGroup(leaderOf: Partial<Record<NodeName, NodeName | ''>>, probeQuorum: boolean): ConsensusGroup {
  const members: ConsensusMember[] = NODES.map((node) => {
    const leader = leaderOf[node];
    return { instance: `etcd-${node}`, node, voter: true, reachable: leader !== undefined, hasLeader: leader !== undefined && leader !== '', isLeader: leader === node };
  });
  return { system: 'etcd', target: 'main', members, probeQuorum };
}

/** Rows where every pair in `links` (undirected) is up and every other pair down. */
function view(self: NodeName, links: readonly [NodeName, NodeName][], groups?: ConsensusGroup[]): ClusterView {
  const up = new Set(links.flatMap(([a, b]) => [`${a}>${b}`, `${b}>${a}`]));
  const rows = new Map<NodeName, InboundRow>();
  for (const origin of NODES) {
    const inbound: Record<NodeName, LinkState> = {};
    for (const source of NODES) if (source !== origin) inbound[source] = up.has(`${source}>${origin}`) ? 'up' : 'down';
    rows.set(origin, { origin, bornAt: 1000, inbound });
  }
  return { self, members: NODES, now: 1000, maxAgeMs: 5000, rows, ...(groups ? { consensusGroups: groups } : {}) };
}

const clique = (nodes: readonly NodeName[]): [NodeName, NodeName][] => nodes.flatMap((a, i) => nodes.slice(i + 1).map((b): [NodeName, NodeName] => [a, b]));

describe('nodeOfMember', () => {
  it('places by the explicit map first, then endpoint host, then advertised URLs', () => {
    expect(nodeOfMember({ name: 'etcd-x', endpoint: 'http://10.200.0.1:2379' }, ADDRESSES, { 'etcd-x': 'n4' })).toBe('n4');
    expect(nodeOfMember({ name: 'etcd-x', endpoint: 'http://10.200.0.2:2379' }, ADDRESSES)).toBe('n2');
    expect(nodeOfMember({ name: '', endpoint: 'http://vip.example:2379', urls: ['http://10.200.0.3:2380'] }, ADDRESSES)).toBe('n3');
    expect(nodeOfMember({ name: 'etcd-x', endpoint: 'http://[FD00::1]:2379' }, [{ name: 'v6', host: 'fd00::1' }])).toBe('v6');
  });

  it('leaves a member unplaced when nothing matches or several nodes share the host', () => {
    expect(nodeOfMember({ name: 'etcd-x', endpoint: 'http://10.9.9.9:2379' }, ADDRESSES)).toBeUndefined();
    const loopback = [
      { name: 'a', host: '127.0.0.1' },
      { name: 'b', host: '127.0.0.1' },
    ];
    expect(nodeOfMember({ name: 'etcd-a', endpoint: 'http://127.0.0.1:2379' }, loopback)).toBeUndefined();
  });
});

describe('assessConsensus: quorum per component', () => {
  const halves = [
    ['n1', 'n2', 'n3'],
    ['n4', 'n5'],
  ];

  it('halves: the majority component holds 3 of 5 voters, the minority 2', () => {
    const group = etcdGroup({ n1: 'n1', n2: 'n1', n3: 'n1' }, true);
    expect(assessConsensus(group, halves, 'n1')).toEqual({
      system: 'etcd',
      target: 'main',
      voters: 5,
      quorumSize: 3,
      components: [
        { nodes: ['n1', 'n2', 'n3'], voters: 3, holdsQuorum: true },
        { nodes: ['n4', 'n5'], voters: 2, holdsQuorum: false },
      ],
      componentQuorum: true,
      probeQuorum: true,
      quorum: true,
    });
    // On the minority side the mesh says "no" even while the probes still see the old leader backed.
    const minority = assessConsensus(etcdGroup({ n4: 'n1', n5: 'n1' }, true), halves, 'n4');
    expect([minority.componentQuorum, minority.probeQuorum, minority.quorum]).toEqual([false, true, false]);
  });

  it('right after a cut, relayed rows still join the sides into one component: self\'s own contacts decide', () => {
    // n5's own row already says n1–n3 went silent; rows relayed from before the cut still join them.
    const stillJoined = [['n1', 'n2', 'n3', 'n4', 'n5']];
    const group = etcdGroup({ n4: 'n5', n5: 'n5' }, true);
    expect(assessConsensus(group, stillJoined, 'n5').componentQuorum).toBe(true);
    const a = assessConsensus(group, stillJoined, 'n5', ['n4', 'n5']);
    expect([a.componentQuorum, a.probeQuorum, a.quorum]).toEqual([false, true, false]);
    expect(assessConsensus(group, stillJoined, 'n1', ['n1', 'n2', 'n3']).componentQuorum).toBe(true);
  });

  it('unplaced voters count as maybe-here: no "no" without proof', () => {
    const group: ConsensusGroup = { ...etcdGroup({}, false), members: etcdGroup({}, false).members.map((m, i) => (i >= 3 ? { ...m, node: undefined } : m)) };
    const a = assessConsensus(group, halves, 'n4');
    expect(a.components).toEqual([
      { nodes: ['n1', 'n2', 'n3'], voters: 3, holdsQuorum: true },
      { nodes: ['n4', 'n5'], voters: 0, holdsQuorum: false },
    ]);
    const threeWay = assessConsensus(group, [['n1', 'n2'], ['n3'], ['n4', 'n5']], 'n1');
    // {n3} alone plus the two unplaced could still make 3: not proven without quorum.
    expect(threeWay.components.map((c) => c.holdsQuorum)).toEqual([true, true, false]);
  });

  it('learners do not count', () => {
    const base = etcdGroup({ n1: 'n1' }, true);
    const group = { ...base, members: base.members.map((m) => (m.node === 'n4' || m.node === 'n5' ? { ...m, voter: false } : m)) };
    const a = assessConsensus(group, halves, 'n1');
    expect([a.voters, a.quorumSize, a.components[0]!.voters, a.components[1]!.voters]).toEqual([3, 2, 3, 0]);
  });
});

describe('localConsensusOf and leadersAsWriters', () => {
  it('reads the member on self', () => {
    expect(localConsensusOf([etcdGroup({ n4: '', n5: '' }, false)], 'n4')).toEqual({ reachable: true, hasLeader: false });
    expect(localConsensusOf([etcdGroup({ n1: 'n1' }, true)], 'n1')).toEqual({ reachable: true, hasLeader: true });
    expect(localConsensusOf([etcdGroup({ n1: 'n1' }, true)], 'n2')).toEqual({ reachable: false, hasLeader: false });
    expect(localConsensusOf([{ ...etcdGroup({}, false), members: [] }], 'n1')).toBeUndefined();
  });

  it('the worst target wins', () => {
    const good = etcdGroup({ n1: 'n1' }, true);
    const bad = { ...etcdGroup({ n1: '' }, false), target: 'events' };
    expect(localConsensusOf([good, bad], 'n1')).toEqual({ reachable: true, hasLeader: false });
  });

  it('places every reachable self-declared leader, the stale one too', () => {
    expect(leadersAsWriters([etcdGroup({ n1: 'n1', n2: 'n2', n3: 'n2', n4: '', n5: '' }, true)])).toEqual([
      { system: 'etcd', target: 'main', instance: 'etcd-n1', node: 'n1' },
      { system: 'etcd', target: 'main', instance: 'etcd-n2', node: 'n2' },
    ]);
    const unplaced = etcdGroup({ n1: 'n1' }, true);
    expect(leadersAsWriters([{ ...unplaced, members: unplaced.members.map((m) => ({ ...m, node: undefined })) }])).toEqual([]);
  });
});

describe('analyze with consensus groups', () => {
  it('halves: the minority is read-only and without quorum, the majority writes', () => {
    const links = [...clique(['n1', 'n2', 'n3']), ...clique(['n4', 'n5'])];
    const majority = analyze(view('n1', links, [etcdGroup({ n1: 'n1', n2: 'n1', n3: 'n1' }, true)]));
    expect([majority.role, majority.degradation, majority.consensus?.[0]?.quorum]).toEqual(['majority', 0, true]);
    const minority = analyze(view('n4', links, [etcdGroup({ n4: '', n5: '' }, false)]));
    expect([minority.role, minority.degradation, minority.consensus?.[0]?.quorum]).toEqual(['minority', 1, false]);
  });

  it('bridge with the leader off the bridge: n4 reaches a majority, yet its member has no leader → level 1', () => {
    // n1-n2-n3 clique, n3 bridges to n4 and n5 (n4-n5 linked); the leader n1 cannot reach n4/n5.
    const links = [...clique(['n1', 'n2', 'n3']), ['n3', 'n4'], ['n3', 'n5'], ['n4', 'n5']] as [NodeName, NodeName][];
    const reachabilityOnly = analyze(view('n4', links));
    expect([reachabilityOnly.role, reachabilityOnly.degradation]).toEqual(['majority', 0]);
    const fused = analyze(view('n4', links, [etcdGroup({ n1: 'n1', n2: 'n1', n3: 'n1', n4: '', n5: '' }, true)]));
    expect([fused.role, fused.degradation, fused.bridges]).toEqual(['majority', 1, ['n3']]);
    // Everything is one component: the group's quorum is there, this member just cannot use it.
    expect([fused.consensus?.[0]?.componentQuorum, fused.consensus?.[0]?.quorum]).toEqual([true, true]);
  });

  it('an explicit localConsensus from the view wins over the groups', () => {
    const links = clique(NODES);
    const v = { ...view('n1', links, [etcdGroup({ n1: '' }, false)]), localConsensus: { reachable: true, hasLeader: true } };
    expect(analyze(v).degradation).toBe(0);
  });

  it('without groups the verdict has no consensus field and reachability alone decides', () => {
    const verdict = analyze(view('n1', clique(NODES)));
    expect('consensus' in verdict).toBe(false);
    expect(verdict.degradation).toBe(0);
  });
});

describe('degradationWithConsensus', () => {
  it('lifts 0 to 1 when self\'s component cannot commit, never lowers', () => {
    const noQuorum = assessConsensus(etcdGroup({}, false), [['n1', 'n2'], ['n3', 'n4', 'n5']], 'n1');
    expect(degradationWithConsensus(0, [noQuorum])).toBe(1);
    expect(degradationWithConsensus(2, [noQuorum])).toBe(2);
    expect(degradationWithConsensus(0, undefined)).toBe(0);
  });
});
