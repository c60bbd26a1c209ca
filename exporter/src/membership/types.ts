/**
 * The data of the membership core: what discovery, heartbeats and the config say (inputs), and
 * the member list with the quorum size N (output). Plain data only, so the core stays pure.
 */
import type { NodeName } from '../analysis/types';

/** One address a discovery source returned (DNS gives only the address; the Kubernetes API more). */
export interface DiscoveredAddress {
  /** An IP address, as the heartbeat socket reports senders. */
  address: string;
  /** The node's name when the source knows it (Kubernetes); DNS does not. */
  name?: string;
  /** topology.kubernetes.io/zone, when known. */
  zone?: string;
  /** Cordoned (spec.unschedulable): in maintenance while it stays so. */
  cordoned?: boolean;
  /** The source's own health flag (the Node's Ready condition); informative, never a reason to count or drop. */
  ready?: boolean;
}

/**
 * active: counted in N. joining: heard, not counted in N until it is in two-way contact with this
 * node or the join window passes (so a join never reads as a partition). maintenance: a member,
 * left out of N (listed under `maintenance:` or cordoned). vanished: gone from discovery but
 * still counted in N until it is heard leaving, is removed, or `removeAfter` passes (a partition
 * must not shrink N).
 */
export const MEMBER_STATES = ['active', 'joining', 'maintenance', 'vanished'] as const;
export type MemberState = (typeof MEMBER_STATES)[number];

export interface Member {
  name: NodeName;
  /** The host heartbeats go to and must come from ('' while unknown). */
  address: string;
  /** '' when unknown. */
  zone: string;
  state: MemberState;
  /** static: listed under `peers` (always a member); discovered: learned from a heartbeat at a discovered address. */
  origin: 'static' | 'discovered';
}

export interface MembershipOptions {
  self: NodeName;
  /** `peers` from the config (name → host), this node included. */
  staticPeers: ReadonlyMap<NodeName, string>;
  /**
   * Zones the config gives static peers (`peers[].zone`), this node's own among them. A zone
   * written in the config wins over the one discovery reports for that node.
   */
  staticZones?: ReadonlyMap<NodeName, string>;
  /** `maintenance:` from the config. */
  maintenance: readonly NodeName[];
  /** A member gone from discovery while unreachable stays this long (membership.removeAfter). */
  removeAfterMs: number;
  /** A member gone from discovery while in two-way contact is removed after this (membership.leaveAfter). */
  leaveAfterMs: number;
  /** A joining member counts in N once in two-way contact, or after this at the latest. */
  joinGraceMs: number;
}

export const MEMBERSHIP_CHANGES = ['joined', 'left', 'removed', 'vanished', 'returned', 'moved', 'maintenance', 'maintenance_over'] as const;

/** One change, as the agent logs it (one JSON line each). */
export interface MembershipChange {
  member: NodeName;
  change: (typeof MEMBERSHIP_CHANGES)[number];
  /** Why, in words for the log. */
  reason: string;
  address: string;
}

/** What the rest of the agent reads: members sorted by name, N, and what discovery found that is no member. */
export interface MembershipSnapshot {
  members: readonly Member[];
  /** Members counted in the quorum: every member neither in maintenance nor joining. */
  quorumSize: number;
  /** Members in maintenance, sorted. */
  maintenance: readonly NodeName[];
  /** Members N leaves out (maintenance and joining), sorted. */
  uncounted: readonly NodeName[];
  /** Discovered addresses no valid heartbeat came from yet, sorted. */
  unknownAddresses: readonly string[];
}
