/**
 * The etcd probe's metrics, declared once (names are a contract: the generated alert rules
 * read them; docs/metrics.md § etcd documents each). The registry already carries the
 * cluster and node labels. Probe errors count into the catalog's shared counter (patterns.ts).
 */
import { Gauge, type Registry } from 'prom-client';
import { createPatternCounters } from './patterns';

const MEMBER = ['target', 'member'] as const;

/** `fillQuorum` runs at each scrape, before netsplit_etcd_quorum is rendered (it fuses the latest verdict). */
export function createEtcdMetrics(registry: Registry, fillQuorum?: () => void) {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], collect?: () => void) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry], ...(collect ? { collect } : {}) });
  return {
    memberUp: gauge('netsplit_etcd_member_up', '1 when the member answered Maintenance Status within the probe deadline.', MEMBER),
    memberHasLeader: gauge('netsplit_etcd_member_has_leader', '1 when the member reports a leader (absent while it does not answer).', MEMBER),
    memberIsLeader: gauge('netsplit_etcd_member_is_leader', '1 when the member reports itself as leader (absent while it does not answer).', MEMBER),
    leaderInfo: gauge('netsplit_etcd_leader_info', 'Always 1; leader_id is the leader the member names (hex, as etcdctl prints it).', [...MEMBER, 'leader_id']),
    raftIndex: gauge('netsplit_etcd_member_raft_index', 'Committed raft index the member reports.', MEMBER),
    raftAppliedIndex: gauge('netsplit_etcd_member_raft_applied_index', 'Applied raft index the member reports.', MEMBER),
    linearizable: gauge('netsplit_etcd_member_linearizable_read_ok', '1 when a linearizable read with hasleader metadata succeeded on the member within the deadline.', MEMBER),
    probeDuration: gauge('netsplit_etcd_probe_duration_seconds', 'Duration of the last probe round of the member (status, member list, linearizable read in parallel).', MEMBER),
    quorum: gauge(
      'netsplit_etcd_quorum',
      '1 when a leader is backed by a quorum of members reachable from this node and this node\'s side of the mesh holds a quorum of members.',
      ['target'],
      fillQuorum,
    ),
    distinctLeaders: gauge('netsplit_etcd_distinct_leaders', 'Distinct leader ids named by the members this node reaches (2+ = a stale leader or a split).', ['target']),
    errorPatterns: createPatternCounters(registry).errorPatterns,
  };
}

export type EtcdMetrics = ReturnType<typeof createEtcdMetrics>;
