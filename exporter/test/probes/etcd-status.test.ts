import { canonicalMemberId, memberIdHex } from '../../src/probes/etcd-ids';
import { parseMemberStatus } from '../../src/probes/etcd-status';
import { parseMembers } from '../../src/probes/etcd';

// Real ids from a 3.4 cluster: all above 2^53, where a JS number would round them.
const LEADER = '10276657743932975437'; // 0x8e9e05c52164694d
const FOLLOWER = '10501334649042878790'; // 0x91bc3c398fb3c146

describe('member ids', () => {
  it('keeps 64-bit ids exact as decimal strings', () => {
    expect(canonicalMemberId(LEADER)).toBe('10276657743932975437');
    expect(canonicalMemberId('007')).toBe('7');
    expect(canonicalMemberId(18446744073709551615n)).toBe('18446744073709551615');
    // Through a number the last digits would change; the string route never does.
    expect(String(Number(LEADER))).not.toBe(LEADER);
  });

  it('rejects what is not a uint64', () => {
    expect(canonicalMemberId('18446744073709551616')).toBeUndefined();
    expect(canonicalMemberId('-1')).toBeUndefined();
    expect(canonicalMemberId(12)).toBeUndefined();
    expect(canonicalMemberId('0x10')).toBeUndefined();
  });

  it('prints ids as etcdctl does', () => {
    expect(memberIdHex(LEADER)).toBe('8e9e05c52164694d');
    expect(memberIdHex(FOLLOWER)).toBe('91bc3c398fb3c146');
  });

  it('tells two ids apart that collide as numbers', () => {
    const a = '10276657743932975437';
    const b = '10276657743932975438';
    expect(Number(a)).toBe(Number(b));
    expect(canonicalMemberId(a)).not.toBe(canonicalMemberId(b));
  });
});

describe('parseMemberStatus', () => {
  const header = { cluster_id: '14841639068965178418', member_id: FOLLOWER, revision: '12', raft_term: '3' };

  it('reads a follower with a leader', () => {
    expect(
      parseMemberStatus({ header, version: '3.4.23', dbSize: '20480', leader: LEADER, raftIndex: '42', raftTerm: '3', raftAppliedIndex: '41', errors: [], dbSizeInUse: '16384', isLearner: false }),
    ).toEqual({
      ok: true,
      status: { memberId: FOLLOWER, leaderId: LEADER, hasLeader: true, isLeader: false, raftIndex: '42', raftAppliedIndex: '41', errors: [], isLearner: false, version: '3.4.23' },
    });
  });

  it('reads the leader', () => {
    const parsed = parseMemberStatus({ header: { ...header, member_id: LEADER }, leader: LEADER, raftIndex: '9', raftAppliedIndex: '9', errors: [] });
    expect(parsed.ok && parsed.status.isLeader).toBe(true);
  });

  it('reads a minority member: leader "0" and the no-leader error', () => {
    const parsed = parseMemberStatus({ header, leader: '0', raftIndex: '42', raftAppliedIndex: '42', errors: ['etcdserver: no leader'], isLearner: false });
    expect(parsed).toEqual({
      ok: true,
      status: { memberId: FOLLOWER, leaderId: '0', hasLeader: false, isLeader: false, raftIndex: '42', raftAppliedIndex: '42', errors: ['etcdserver: no leader'], isLearner: false, version: '' },
    });
  });

  it('keeps raft indices beyond 2^53 exact', () => {
    const parsed = parseMemberStatus({ header, leader: LEADER, raftIndex: '9007199254740993', raftAppliedIndex: '9007199254740993' });
    expect(parsed.ok && parsed.status.raftIndex).toBe('9007199254740993');
  });

  it('refuses a response without a member id', () => {
    expect(parseMemberStatus({ leader: LEADER })).toEqual({ ok: false, reason: 'status header has no member id (undefined)' });
    expect(parseMemberStatus(null)).toEqual({ ok: false, reason: 'status response is not an object' });
    expect(parseMemberStatus({ header, leader: 'x' })).toEqual({ ok: false, reason: 'status leader is not a uint64 (x)' });
  });
});

describe('parseMembers', () => {
  it('keeps ids as strings and drops malformed members', () => {
    expect(
      parseMembers([
        { ID: LEADER, name: 'etcd-a', peerURLs: ['http://10.0.0.1:2380'], clientURLs: ['http://10.0.0.1:2379'], isLearner: false },
        { ID: 'garbage', name: 'x', peerURLs: [], clientURLs: [], isLearner: false },
        { ID: FOLLOWER, name: '', peerURLs: ['http://10.0.0.2:2380'], clientURLs: [], isLearner: true },
      ]),
    ).toEqual([
      { id: LEADER, name: 'etcd-a', peerURLs: ['http://10.0.0.1:2380'], clientURLs: ['http://10.0.0.1:2379'], isLearner: false },
      { id: FOLLOWER, name: '', peerURLs: ['http://10.0.0.2:2380'], clientURLs: [], isLearner: true },
    ]);
  });
});
