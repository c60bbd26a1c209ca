/**
 * The input and output of the partition verdict. Everything in analysis/ is a pure function of a
 * ClusterView: no I/O, no clock (time arrives as `now`), no globals.
 */

import type { DegradationLevel, LinkState, Role } from '../contract/vocabulary';

export type { DegradationLevel, LinkState, Role };
export { ROLES } from '../contract/vocabulary';

export type NodeName = string;

/**
 * One node's inbound row: for every configured source, whether that source's heartbeats arrive
 * at `origin`. Only `origin` can know whether a→origin is up, so a→origin is known only while
 * origin's row is fresh.
 */
export interface InboundRow {
  origin: NodeName;
  /** Local time (ms, same clock as ClusterView.now) at which the origin produced this row. */
  bornAt: number;
  /** source → state of source→origin. A missing source means unknown. */
  inbound: Readonly<Record<NodeName, LinkState>>;
  /**
   * Optional compact copy of `inbound` (added by analysis for speed at large N): `states[i]` is
   * the state of `order[i]`→origin, 'u' up, 'd' down, any other character (or a missing position)
   * unknown; names in `order` that are not members are ignored. When present, analysis reads it
   * instead of `inbound` and never touches `inbound` (it may be a lazy getter) — one string scan
   * instead of N hash lookups (≈45 ms → ≈2 ms per analyze() at 1000 members) — so the two must
   * say the same. The wire form of a row (`order` = the sender's `members`, `states` = the row's
   * wire string) fits as is. Fastest when rows share one `order` array that is the membership
   * sorted by code unit (what Array.prototype.sort() gives).
   */
  compact?: { readonly order: readonly NodeName[]; readonly states: string };
}

/** What this node's local etcd member (if any) says; filled by the consensus probe. */
export interface LocalConsensus {
  /** The local member answered its status call within the deadline. */
  reachable: boolean;
  /** The local member reports a leader. */
  hasLeader: boolean;
}

export interface ClusterView {
  /** This agent. Always one of `members`. */
  self: NodeName;
  /** The membership; N = members.length less the uncounted ones, quorum = floor(N/2) + 1. */
  members: readonly NodeName[];
  /**
   * Members left out of N and of every finding, as if they were not members, so their absence
   * raises nothing: those in planned maintenance (listed under `maintenance:`, or cordoned) and
   * those still joining (heard, not yet in contact: docs/membership.md). This node itself stays
   * in even when listed: it is running and judges its own side.
   */
  uncounted?: readonly NodeName[];
  /** Current local time in ms (monotonic clock of the agent). */
  now: number;
  /** Rows older than this (now - bornAt > maxAgeMs) are not fresh and are ignored. */
  maxAgeMs: number;
  /** The freshest row held per origin, this node's own row included. */
  rows: ReadonlyMap<NodeName, InboundRow>;
  /** Optional consensus facts about this node's local etcd member. */
  localConsensus?: LocalConsensus;
  /**
   * Instances that accept writes as probes see them (an etcd leader, a PostgreSQL primary not in
   * recovery, a writable MySQL/MariaDB, a Redis master), each placed on a node. Two writers of
   * one system and target that cannot reach each other make a split brain.
   */
  writers?: readonly Writer[];
  /** Consensus groups (etcd targets) as this node's probes see them, members placed on nodes. */
  consensusGroups?: readonly ConsensusGroup[];
}

/** One member of a consensus group (an etcd member) as the probes saw it. */
export interface ConsensusMember {
  /** Member name (the endpoint when the name is unknown). */
  instance: string;
  /** The node it runs on; undefined when netsplit cannot place it. */
  node?: NodeName;
  /** Votes in elections (a learner does not). */
  voter: boolean;
  /** Answered its status call within the deadline. */
  reachable: boolean;
  hasLeader: boolean;
  /** Says it is the leader. */
  isLeader: boolean;
}

export interface ConsensusGroup {
  /** etcd */
  system: string;
  /** The configured target name. */
  target: string;
  members: readonly ConsensusMember[];
  /** The probes see a leader backed by a quorum of the members they reach (netsplit_etcd_quorum before fusion). */
  probeQuorum: boolean;
}

/** Quorum of one consensus group per component of the contact graph, and for this node. */
export interface ConsensusAssessment {
  system: string;
  target: string;
  voters: number;
  quorumSize: number;
  /** Voters placed in each component (same order as Verdict.components). */
  components: { nodes: NodeName[]; voters: number; holdsQuorum: boolean }[];
  /** Self's component and its own two-way contacts hold (or may hold, counting unplaced voters) a quorum of voters. */
  componentQuorum: boolean;
  probeQuorum: boolean;
  /** Both: this node's side can commit to the group. */
  quorum: boolean;
}

export interface Writer {
  /** etcd | postgres | mysql | redis */
  system: string;
  /** The configured target name (targets.<system>[].name). */
  target: string;
  /** The instance as configured (member name, URL host:port). */
  instance: string;
  /** The node the instance runs on. */
  node: NodeName;
}


export interface DirectedLink {
  source: NodeName;
  target: NodeName;
  state: LinkState;
}

/** A pair whose one direction works and the other does not; `source→target` is the failing one. */
export interface AsymmetricLink {
  source: NodeName;
  target: NodeName;
}

export interface Verdict {
  self: NodeName;
  memberCount: number;
  quorum: number;
  /** Members whose row is fresh (self always), sorted by name. */
  freshNodes: NodeName[];
  /** Nodes with two-way contact to self, self included, sorted. */
  contacts: NodeName[];
  role: Role;
  /** Role of every fresh node as derived from this view (a non-fresh node has none). */
  roles: Record<NodeName, Role>;
  degradation: DegradationLevel;
  /** Connected components of the two-way contact graph among fresh nodes, each sorted, largest first. */
  components: NodeName[][];
  /** Members without two-way contact to self, sorted. */
  unreachable: NodeName[];
  /** A member unreachable from self, or any known link down. */
  partitionDetected: boolean;
  asymmetricLinks: AsymmetricLink[];
  /** Articulation points of the two-way graph among fresh nodes (the only path between groups). */
  bridges: NodeName[];
  /** Every fresh node reaches a majority, yet no clique of quorum size exists: leader churn likely. */
  majoritiesRing: boolean;
  /** No fresh node holds a majority and the members outside the view are too few to hold one. */
  noQuorum: boolean;
  /** Per consensus group (when the view has any): quorum per component and for this node. */
  consensus?: ConsensusAssessment[];
  /**
   * Present when the view has writers: each system/target whose writers sit on nodes without
   * two-way contact (split-brain.ts), empty when none. Only writers this agent's probes reach.
   */
  splitBrain?: SplitBrain[];
}

/** Two or more writers of one system and target that cannot reach each other, all named. */
export interface SplitBrain {
  system: string;
  target: string;
  /** The writers involved, sorted by node then instance. */
  writers: Writer[];
}
