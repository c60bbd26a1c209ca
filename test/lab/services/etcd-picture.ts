/**
 * What one agent says about an etcd target, condensed from its /metrics: the fused quorum, the
 * degradation level and role, and per member up / has_leader / is_leader (absent = not asked).
 * Pure; the lab's etcd tests and benchmark compare it with etcd's own metrics.
 */
import { roleOf } from '../agent-summary';
import { select, valueOf, type Sample } from '../prometheus-text';

export interface EtcdPicture {
  quorum: number | null;
  level: number | null;
  role: string;
  /** member → 1/0 for members that answered this agent. */
  hasLeader: Record<string, number>;
  /** Members that say they lead, as this agent sees them. */
  leaders: string[];
  /** Members that answered this agent. */
  up: string[];
  /** netsplit_log_pattern_matches_total for etcd-peer-stream-lost, summed over files. */
  streamLostLines: number;
}

export function etcdPicture(samples: readonly Sample[], target = 'main'): EtcdPicture {
  const byMember = (name: string) => Object.fromEntries(select(samples, name, { target }).map((s) => [s.labels.member!, s.value] as const));
  const isLeader = byMember('netsplit_etcd_member_is_leader');
  const up = byMember('netsplit_etcd_member_up');
  return {
    quorum: valueOf(samples, 'netsplit_etcd_quorum', { target }) ?? null,
    level: valueOf(samples, 'netsplit_degradation_level') ?? null,
    role: roleOf(samples),
    hasLeader: byMember('netsplit_etcd_member_has_leader'),
    leaders: Object.keys(isLeader).filter((m) => isLeader[m] === 1).sort(),
    up: Object.keys(up).filter((m) => up[m] === 1).sort(),
    streamLostLines: select(samples, 'netsplit_log_pattern_matches_total', { pattern: 'etcd-peer-stream-lost' }).reduce((sum, s) => sum + s.value, 0),
  };
}
