/**
 * Replication links as netsplit fuses them with the mesh: a link no agent sees up,
 * with the exporter's reason. A link cut by the network is explained by the partition; a link
 * the database broke by itself is not, and stays loud during a partition.
 */
import { promql } from '../promql';
import type { AlertDefinition } from './types';

const REASON_NOTE =
  'The reason label says why: network_cut (the two hosts have no two-way contact: the partition explains it, and it is inhibited while the partition alert fires), ' +
  'database (the database reports the link broken while the network is fine), unknown (the exporter gave no reason).';

export const REPLICATION_ALERTS: readonly AlertDefinition[] = [
  {
    id: 'mysql-replication-broken',
    name: 'NetsplitMySQLReplicationBroken',
    group: 'replication',
    expr: promql`
      label_replace(
        min by (netsplit_cluster, system, target, replica) (netsplit_replication_io_state{system="mysql", state="no"}) == 1,
        "thread", "io", "", ""
      )
      or
      label_replace(
        min by (netsplit_cluster, system, target, replica) (netsplit_replication_sql_running{system="mysql"}) == 0,
        "thread", "sql", "", ""
      )`,
    for: { scrapes: 6 },
    severity: 'critical',
    scope: 'replica',
    system: 'mysql',
    patterns: ['mysql-io-stopped', 'mysql-sql-stopped'],
    partitionExplains: 'never',
    outputLabels: ['target', 'replica', 'thread'],
    summary: 'MySQL/MariaDB replica {{ $labels.replica }} ({{ $labels.target }}): {{ $labels.thread }} thread not running',
    description:
      'Every agent probing {{ $labels.replica }} reads Slave_IO_Running: No (thread io) or Slave_SQL_Running: No (thread sql). ' +
      'A network cut reads Connecting, not No: this does not heal when the network does.',
    meaning:
      'The state set netsplit_replication_io_state{state="no"} is 1, or netsplit_replication_sql_running is 0, from all agents that probe the replica. Never inhibited by a partition.',
  },
  {
    id: 'mysql-replica-connecting',
    name: 'NetsplitMySQLReplicaConnecting',
    group: 'replication',
    expr: promql`
      netsplit:replication_link_down:reason{system="mysql"}
      and on (netsplit_cluster, system, target, replica)
      (min by (netsplit_cluster, system, target, replica) (netsplit_replication_io_state{system="mysql", state="connecting"}) == 1)`,
    for: { scrapes: 3 },
    severity: 'warning',
    scope: 'replica',
    system: 'mysql',
    patterns: ['mysql-io-connecting'],
    partitionExplains: 'when-network-cut',
    outputLabels: ['target', 'replica', 'reason', 'partition_explains (network_cut only)'],
    summary: 'MySQL/MariaDB replica {{ $labels.replica }} ({{ $labels.target }}) cannot reach its primary (Connecting, {{ $labels.reason }})',
    description:
      'Slave_IO_Running: Connecting on {{ $labels.replica }} and no agent sees the link up: the partition signature (Last_IO_Errno 2003/2013). ' +
      'Seconds_Behind_Master is NULL meanwhile. Reason: {{ $labels.reason }}.',
    meaning: `The IO thread keeps retrying its primary. ${REASON_NOTE}`,
  },
  {
    id: 'postgres-replica-not-streaming',
    name: 'NetsplitPostgresReplicaNotStreaming',
    group: 'replication',
    expr: promql`netsplit:replication_link_down:reason{system="postgres"}`,
    for: { scrapes: 3 },
    severity: 'warning',
    scope: 'replica',
    system: 'postgres',
    patterns: ['postgres-wal-receiver-not-streaming', 'postgres-primary-unreachable'],
    partitionExplains: 'when-network-cut',
    outputLabels: ['target', 'replica', 'reason', 'partition_explains (network_cut only)'],
    summary: 'PostgreSQL replica {{ $labels.replica }} ({{ $labels.target }}) is not streaming ({{ $labels.reason }})',
    description:
      'No agent sees {{ $labels.replica }} streaming WAL from its primary: its WAL receiver left streaming or the primary lost its pg_stat_replication row. Reason: {{ $labels.reason }}. ' +
      'Replay lag reads 0 meanwhile; do not trust it.',
    meaning: `netsplit_replication_up{system="postgres"} is 0 from every agent that reports the link. ${REASON_NOTE}`,
  },
  {
    id: 'redis-master-link-down',
    name: 'NetsplitRedisMasterLinkDown',
    group: 'replication',
    expr: promql`netsplit:replication_link_down:reason{system="redis"}`,
    for: { scrapes: 3 },
    severity: 'warning',
    scope: 'replica',
    system: 'redis',
    patterns: ['redis-master-link-down', 'redis-masterdown'],
    partitionExplains: 'when-network-cut',
    outputLabels: ['target', 'replica', 'reason', 'partition_explains (network_cut only)'],
    summary: 'Redis replica {{ $labels.replica }} ({{ $labels.target }}) lost its master ({{ $labels.reason }})',
    description:
      'No agent sees {{ $labels.replica }} linked to its master (master_link_status:down). Replicas with replica-serve-stale-data no answer MASTERDOWN. Reason: {{ $labels.reason }}.',
    meaning: `netsplit_replication_up{system="redis"} is 0 from every agent that reports the link. ${REASON_NOTE}`,
  },
];
