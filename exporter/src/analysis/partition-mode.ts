/**
 * The partition mode an application asks its local agent for (the runbook's "what is my partition
 * mode?"): this node's role and degradation level, whether writes are safe here, and why, in words.
 * Pure: a verdict (or none while the agent warms up) in, a mode out.
 *
 * Writes are safe only where every signal agrees: this node's side holds a quorum of the members
 * (healthy or majority), its degradation level is 0 (consensus facts lower it: a local etcd member
 * without a leader, a side without etcd quorum), every consensus group it probes has quorum on
 * its side, and it sees no split brain. Anything unknown is unsafe: the fail-safe default.
 */
import { DEGRADATION_LEVEL_NAMES } from '../contract/vocabulary';
import { holdsQuorum } from './roles';
import type { DegradationLevel, Role, Verdict } from './types';

export interface PartitionMode {
  /** unknown: the agent has no verdict yet (warming up). */
  role: Role | 'unknown';
  /** null while unknown. */
  degradation: DegradationLevel | null;
  degradationName: string;
  writesSafe: boolean;
  /** One sentence, for logs and for the warning a degraded service shows its users. */
  reason: string;
}

export const UNKNOWN_MODE: PartitionMode = {
  role: 'unknown',
  degradation: null,
  degradationName: 'unknown',
  writesSafe: false,
  reason: 'no verdict yet: the agent is warming up (treat as unknown: no writes)',
};

export function partitionModeOf(verdict: Verdict | undefined): PartitionMode {
  if (verdict === undefined) return UNKNOWN_MODE;
  const { role, degradation, memberCount, quorum } = verdict;
  const reaches = `reaches ${verdict.contacts.length} of ${memberCount} members (quorum ${quorum})`;
  const degradationName = DEGRADATION_LEVEL_NAMES[degradation] ?? `level ${degradation}`;
  const splitBrain = verdict.splitBrain ?? [];
  const consensusLost = (verdict.consensus ?? []).filter((group) => !group.quorum);
  const mode = (writesSafe: boolean, reason: string): PartitionMode => ({ role, degradation, degradationName, writesSafe, reason });

  if (!holdsQuorum(role)) {
    const side = role === 'isolated' ? 'isolated: no other member answers' : `minority: this side ${reaches}`;
    return mode(false, `${side}; writes refused, serve ${degradationName}`);
  }
  if (splitBrain.length > 0) {
    const named = splitBrain.map((split) => `${split.system} ${split.target} (${split.writers.map((w) => `${w.instance} on ${w.node}`).join(', ')})`).join('; ');
    return mode(false, `split brain: more than one writer of ${named}; writes refused until one is fenced`);
  }
  if (consensusLost.length > 0) {
    return mode(false, `${role}, but ${consensusLost.map((group) => `${group.system} ${group.target}`).join(', ')} has no quorum on this side; writes refused`);
  }
  if (degradation > 0) return mode(false, `${role}, degraded to ${degradationName}; writes refused`);
  return mode(true, role === 'healthy' ? `healthy: ${reaches}` : `majority: this side ${reaches}; writes safe here`);
}

/** Two modes that an application would act on alike (the reason's words aside). */
export function sameMode(a: PartitionMode, b: PartitionMode): boolean {
  return a.role === b.role && a.degradation === b.degradation && a.writesSafe === b.writesSafe;
}
