/**
 * Degradation level of this node (runbook table): 0 full · 1 read-only · 2 cached responses ·
 * 3 emergency fallback.
 *
 * From reachability: healthy/majority 0, minority 1, isolated 2. Consensus facts about the
 * local etcd member (when the probe has any) lower it further:
 * - reports no leader (`hasLeader: false`) → at least 1: it cannot take writes, whatever
 *   reachability says;
 * - isolated and the local member is lost (`reachable: false`) → 3: the node can vouch for
 *   nothing, not even stale local reads. An isolated node whose member still answers without a
 *   leader stays at 2: serializable reads still work on a minority member (docs/architecture.md), which is
 *   exactly the runbook's "cached responses".
 * Without localConsensus the level is reachability alone.
 */
import type { DegradationLevel, LocalConsensus, Role } from './types';

const BY_ROLE: Readonly<Record<Role, DegradationLevel>> = { healthy: 0, majority: 0, minority: 1, isolated: 2 };

export function degradationFor(role: Role, localConsensus?: LocalConsensus): DegradationLevel {
  const level = BY_ROLE[role];
  if (localConsensus === undefined) return level;
  if (role === 'isolated' && !localConsensus.reachable) return 3;
  if (!localConsensus.hasLeader && level < 1) return 1;
  return level;
}
