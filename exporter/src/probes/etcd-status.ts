/**
 * Parses what one etcd member answers to Maintenance Status into the fields netsplit uses.
 * Pure. uint64 fields arrive as decimal strings and stay strings (etcd-ids.ts); raftTerm is
 * left out on purpose: in 3.4 it stays stale on a minority (docs/architecture.md), so it cannot show elections.
 */
import { canonicalMemberId, NO_MEMBER } from './etcd-ids';

export interface MemberStatus {
  /** The answering member's id (from the response header). */
  memberId: string;
  /** The member it believes leads, or "0" for none. */
  leaderId: string;
  hasLeader: boolean;
  /** The answering member believes it is the leader. */
  isLeader: boolean;
  /** Committed raft index (decimal string, uint64). */
  raftIndex: string;
  raftAppliedIndex: string;
  /** e.g. "etcdserver: no leader", alarms. */
  errors: string[];
  isLearner: boolean;
  version: string;
}

export type StatusParse = { ok: true; status: MemberStatus } | { ok: false; reason: string };

export function parseMemberStatus(response: unknown): StatusParse {
  if (typeof response !== 'object' || response === null) return { ok: false, reason: 'status response is not an object' };
  const r = response as Record<string, unknown>;
  const header = (typeof r.header === 'object' && r.header !== null ? r.header : {}) as Record<string, unknown>;
  const memberId = canonicalMemberId(header.member_id);
  if (memberId === undefined || memberId === NO_MEMBER) return { ok: false, reason: `status header has no member id (${String(header.member_id)})` };
  const leaderId = canonicalMemberId(r.leader ?? NO_MEMBER);
  if (leaderId === undefined) return { ok: false, reason: `status leader is not a uint64 (${String(r.leader)})` };
  const raftIndex = canonicalMemberId(r.raftIndex ?? '0');
  const raftAppliedIndex = canonicalMemberId(r.raftAppliedIndex ?? '0');
  if (raftIndex === undefined || raftAppliedIndex === undefined) return { ok: false, reason: 'status raft indices are not uint64' };
  const errors = Array.isArray(r.errors) ? r.errors.filter((e): e is string => typeof e === 'string') : [];
  return {
    ok: true,
    status: {
      memberId,
      leaderId,
      hasLeader: leaderId !== NO_MEMBER,
      isLeader: leaderId === memberId,
      raftIndex,
      raftAppliedIndex,
      errors,
      isLearner: r.isLearner === true,
      version: typeof r.version === 'string' ? r.version : '',
    },
  };
}
