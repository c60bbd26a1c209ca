/**
 * One etcd target as this node's probes saw it in one round: every member by name, whether it
 * answered, whether it has a leader, whether it leads, and netsplit_etcd_quorum before fusion.
 * Pure.
 *
 * Quorum arithmetic: the membership size N is the number of voters in the member list (learners do
 * not vote); without any member list, the configured endpoints. The probes see a quorum when some
 * leader id L ≠ 0 is named by at least ⌊N/2⌋+1 of the members that answered. Members this node
 * cannot reach count for nothing: from here they can neither be asked nor be relied on.
 */
import { quorumOf } from '../analysis/membership';
import { memberIdHex, NO_MEMBER } from './etcd-ids';
import type { EndpointObservation, ListedMember } from './etcd';

export interface MemberReport {
  /** Member name; the endpoint when the name is unknown. */
  member: string;
  endpoint: string;
  memberId?: string;
  up: boolean;
  hasLeader: boolean;
  isLeader: boolean;
  /** Hex like etcdctl, '' when none is known. */
  leaderIdHex: string;
  raftIndex?: string;
  raftAppliedIndex?: string;
  linearizable: 'ok' | 'failed';
  voter: boolean;
  /** Advertised client and peer URLs (for placing the member on a node). */
  urls: string[];
  durationSeconds: number;
}

export interface TargetSummary {
  target: string;
  members: MemberReport[];
  /** N: voters in the cluster. */
  voters: number;
  quorumSize: number;
  quorum: boolean;
  /** Distinct non-zero leader ids among the members that answered (2+ = a stale leader or a split). */
  distinctLeaders: number;
}

export function summarizeTarget(target: string, observations: readonly EndpointObservation[]): TargetSummary {
  const listed = bestMemberList(observations);
  const members = observations.map((o) => reportOf(o, listed));
  const voters = listed.length > 0 ? listed.filter((m) => !m.isLearner).length : observations.length;
  const quorumSize = quorumOf(voters);
  const backers = new Map<string, number>();
  for (const o of observations) {
    const leader = o.status?.leaderId;
    if (o.up && leader !== undefined && leader !== NO_MEMBER && o.status?.isLearner !== true) backers.set(leader, (backers.get(leader) ?? 0) + 1);
  }
  const quorum = [...backers.values()].some((count) => count >= quorumSize);
  return { target, members, voters, quorumSize, quorum, distinctLeaders: backers.size };
}

/** The longest member list any endpoint returned (a member that was just removed lags behind). */
function bestMemberList(observations: readonly EndpointObservation[]): ListedMember[] {
  let best: ListedMember[] = [];
  for (const o of observations) if (o.members !== undefined && o.members.length > best.length) best = o.members;
  return best;
}

function reportOf(o: EndpointObservation, listed: readonly ListedMember[]): MemberReport {
  const self = listed.find((m) => m.id === o.status?.memberId) ?? listed.find((m) => m.clientURLs.some((url) => sameEndpoint(url, o.endpoint)));
  const leaderId = o.status?.leaderId;
  return {
    member: self?.name ? self.name : o.endpoint,
    endpoint: o.endpoint,
    memberId: o.status?.memberId ?? self?.id,
    up: o.up,
    hasLeader: o.up && o.status?.hasLeader === true,
    isLeader: o.up && o.status?.isLeader === true,
    leaderIdHex: leaderId === undefined || leaderId === NO_MEMBER ? '' : memberIdHex(leaderId),
    raftIndex: o.status?.raftIndex,
    raftAppliedIndex: o.status?.raftAppliedIndex,
    linearizable: o.linearizable,
    voter: !(self?.isLearner ?? o.status?.isLearner ?? false),
    urls: self ? [...self.clientURLs, ...self.peerURLs] : [],
    durationSeconds: o.durationSeconds,
  };
}

/** Same scheme-less host:port (etcd advertises http://10.0.0.1:2379, configs may add a slash). */
export function sameEndpoint(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.hostname.toLowerCase() === y.hostname.toLowerCase() && effectivePort(x) === effectivePort(y);
  } catch {
    return false;
  }
}

function effectivePort(url: URL): string {
  return url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
}
