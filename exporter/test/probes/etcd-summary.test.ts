import type { EndpointObservation, ListedMember } from '../../src/probes/etcd';
import type { MemberStatus } from '../../src/probes/etcd-status';
import { sameEndpoint, summarizeTarget } from '../../src/probes/etcd-summary';

const IDS = { a: '10276657743932975437', b: '10501334649042878790', c: '12345678901234567890', d: '17000000000000000001', e: '17000000000000000002' };
type Name = keyof typeof IDS;
const NAMES = Object.keys(IDS) as Name[];

const memberList = (names: readonly Name[], learners: readonly Name[] = []): ListedMember[] =>
  names.map((n, i) => ({ id: IDS[n], name: `etcd-${n}`, peerURLs: [`http://10.0.0.${i + 1}:2380`], clientURLs: [`http://10.0.0.${i + 1}:2379`], isLearner: learners.includes(n) }));

function status(self: Name, leader: Name | '0', extra: Partial<MemberStatus> = {}): MemberStatus {
  const leaderId = leader === '0' ? '0' : IDS[leader];
  return { memberId: IDS[self], leaderId, hasLeader: leaderId !== '0', isLeader: leaderId === IDS[self], raftIndex: '10', raftAppliedIndex: '10', errors: [], isLearner: false, version: '3.4.23', ...extra };
}

/** `sees`: the leader each member names; undefined = it does not answer. */
function observe(sees: Partial<Record<Name, Name | '0'>>, names: readonly Name[] = NAMES, learners: readonly Name[] = []): EndpointObservation[] {
  return names.map((n, i) => {
    const endpoint = `http://10.0.0.${i + 1}:2379`;
    const leader = sees[n];
    if (leader === undefined) return { endpoint, up: false, linearizable: 'failed', errors: ['4 DEADLINE_EXCEEDED: Deadline exceeded'], durationSeconds: 1 };
    return { endpoint, up: true, status: status(n, leader, { isLearner: learners.includes(n) }), members: memberList(names, learners), linearizable: leader === '0' ? 'failed' : 'ok', errors: [], durationSeconds: 0.01 };
  });
}

describe('summarizeTarget: quorum arithmetic', () => {
  it('all five answer and agree: quorum', () => {
    const s = summarizeTarget('main', observe({ a: 'a', b: 'a', c: 'a', d: 'a', e: 'a' }));
    expect({ voters: s.voters, quorumSize: s.quorumSize, quorum: s.quorum, distinctLeaders: s.distinctLeaders }).toEqual({ voters: 5, quorumSize: 3, quorum: true, distinctLeaders: 1 });
    expect(s.members.map((m) => [m.member, m.isLeader, m.leaderIdHex])).toEqual([
      ['etcd-a', true, '8e9e05c52164694d'],
      ['etcd-b', false, '8e9e05c52164694d'],
      ['etcd-c', false, '8e9e05c52164694d'],
      ['etcd-d', false, '8e9e05c52164694d'],
      ['etcd-e', false, '8e9e05c52164694d'],
    ]);
  });

  it('the majority side: three answer with one leader → quorum', () => {
    expect(summarizeTarget('main', observe({ a: 'a', b: 'a', c: 'a' })).quorum).toBe(true);
  });

  it('the minority side: two members reachable, even if they still name the old leader → no quorum', () => {
    const s = summarizeTarget('main', observe({ d: 'a', e: 'a' }));
    expect([s.quorum, s.distinctLeaders]).toEqual([false, 1]);
  });

  it('the minority side after the election timeout: leader 0 everywhere → no quorum, no leaders', () => {
    const s = summarizeTarget('main', observe({ d: '0', e: '0' }));
    expect([s.quorum, s.distinctLeaders]).toEqual([false, 0]);
    expect(s.members.filter((m) => m.up).map((m) => [m.member, m.hasLeader, m.leaderIdHex])).toEqual([
      ['etcd-d', false, ''],
      ['etcd-e', false, ''],
    ]);
  });

  it('a stale leader and a new one: two distinct leaders, quorum only for the backed one', () => {
    const s = summarizeTarget('main', observe({ a: 'a', b: 'c', c: 'c', d: 'c', e: '0' }));
    expect([s.quorum, s.distinctLeaders]).toEqual([true, 2]);
  });

  it('3 members, 2 of 3 up: quorum 1', () => {
    expect(summarizeTarget('main', observe({ a: 'a', b: 'a' }, ['a', 'b', 'c'])).quorum).toBe(true);
  });

  it('3 members, 1 of 3 up: quorum 0', () => {
    expect(summarizeTarget('main', observe({ a: 'a' }, ['a', 'b', 'c'])).quorum).toBe(false);
  });

  it('learners neither vote nor count toward N', () => {
    const s = summarizeTarget('main', observe({ a: 'a', b: 'a', c: 'a' }, ['a', 'b', 'c', 'd'], ['c', 'd']));
    expect([s.voters, s.quorumSize, s.quorum]).toEqual([2, 2, true]);
    expect(s.members.map((m) => m.voter)).toEqual([true, true, false, false]);
  });

  it('nobody answers: N from the endpoints, members named by endpoint', () => {
    const s = summarizeTarget('main', observe({}, ['a', 'b', 'c']));
    expect([s.voters, s.quorum, s.distinctLeaders]).toEqual([3, false, 0]);
    expect(s.members.map((m) => m.member)).toEqual(['http://10.0.0.1:2379', 'http://10.0.0.2:2379', 'http://10.0.0.3:2379']);
  });

  it('a silent member is named from another member\'s list by its client URL', () => {
    const s = summarizeTarget('main', observe({ a: 'a', b: 'a' }, ['a', 'b', 'c']));
    expect(s.members.map((m) => [m.member, m.up])).toEqual([
      ['etcd-a', true],
      ['etcd-b', true],
      ['etcd-c', false],
    ]);
  });
});

describe('sameEndpoint', () => {
  it('compares host and port, not spelling', () => {
    expect(sameEndpoint('http://10.0.0.1:2379', 'http://10.0.0.1:2379/')).toBe(true);
    expect(sameEndpoint('http://ETCD-1:2379', 'http://etcd-1:2379')).toBe(true);
    expect(sameEndpoint('https://etcd-1', 'https://etcd-1:443')).toBe(true);
    expect(sameEndpoint('http://10.0.0.1:2379', 'http://10.0.0.1:22379')).toBe(false);
    expect(sameEndpoint('not a url', 'http://10.0.0.1:2379')).toBe(false);
  });
});
