/**
 * Alerts on etcd as netsplit's probes and etcd itself see it, tied to the catalog's etcd
 * patterns. Member-level alerts carry partition_explains: a partition or a lost quorum
 * silences them in Alertmanager and guards them in Grafana.
 */
import { promql } from '../promql';
import type { AlertDefinition } from './types';

export const ETCD_ALERTS: readonly AlertDefinition[] = [
  {
    id: 'etcd-quorum-lost',
    name: 'NetsplitEtcdQuorumLost',
    group: 'etcd',
    expr: promql`
      (
          count by (netsplit_cluster, target) (max by (netsplit_cluster, netsplit_node, target) (netsplit_etcd_quorum) == 0)
        >= on (netsplit_cluster, target)
          (floor(count by (netsplit_cluster, target) (count by (netsplit_cluster, target, member) (netsplit_etcd_member_up)) / 2) + 1)
      )
      unless on (netsplit_cluster, target)
      (max by (netsplit_cluster, target) (netsplit_etcd_quorum) == 1)`,
    for: { scrapes: 2 },
    severity: 'critical',
    scope: 'cluster',
    system: 'etcd',
    patterns: ['etcd-no-leader'],
    partitionExplains: 'never',
    outputLabels: ['target'],
    summary: 'etcd {{ $labels.target }} in {{ $labels.netsplit_cluster }} has no quorum anywhere: writes fail everywhere',
    description:
      'As many agents as a quorum of etcd members report no leader with a quorum reachable (netsplit_etcd_quorum = 0), and none reports one. ' +
      'Every write to etcd {{ $labels.target }} fails; the Kubernetes control plane cannot change state.',
    meaning:
      'Aggregated across agents, so that a Prometheus that only sees the minority side does not call the whole etcd lost: ' +
      'the agents saying "no quorum" must be at least ⌊members/2⌋+1, and no agent may say "quorum".',
    action: 'Restore connectivity between the etcd members first; force a new cluster (member remove, --force-new-cluster) only as a last resort with a backup.',
  },
  {
    id: 'etcd-member-no-leader',
    name: 'NetsplitEtcdMemberNoLeader',
    group: 'etcd',
    expr: promql`max by (netsplit_cluster, target, member) (netsplit_etcd_member_has_leader) == 0`,
    for: { scrapes: 2 },
    severity: 'warning',
    scope: 'member',
    system: 'etcd',
    patterns: ['etcd-no-leader'],
    partitionExplains: 'always',
    outputLabels: ['target', 'member'],
    summary: 'etcd member {{ $labels.member }} ({{ $labels.target }}) has no leader',
    description:
      'Member {{ $labels.member }} of etcd {{ $labels.target }} reports no leader to every agent that reaches it: it cannot take writes ("etcdserver: no leader").',
    meaning:
      'No agent sees the member with a leader (max over agents is 0): the member sits on a side without quorum, or an election is under way. ' +
      'Inhibited while a partition or a lost etcd quorum explains it.',
  },
  {
    id: 'etcd-writes-failing',
    name: 'NetsplitEtcdWritesFailing',
    group: 'etcd',
    expr: promql`
      count by (netsplit_cluster, target) (
        sum by (netsplit_cluster, netsplit_node, target) (
          increase(netsplit_error_pattern_total{system="etcd", pattern=~"etcd-request-timed-out|etcd-deadline-exceeded"}[2m])
        ) > 0
      ) >= 2`,
    for: { scrapes: 0 },
    severity: 'warning',
    scope: 'member',
    system: 'etcd',
    patterns: ['etcd-request-timed-out', 'etcd-deadline-exceeded'],
    partitionExplains: 'always',
    outputLabels: ['target'],
    summary: 'Writes to etcd {{ $labels.target }} time out from several agents',
    description:
      'At least two agents classified "etcdserver: request timed out" or "context deadline exceeded" on their checks of etcd {{ $labels.target }} in the last 2 minutes.',
    meaning:
      'netsplit\'s linearizable checks ran out of time from two vantage points: the endpoints they reach cannot commit. One agent alone could be behind a blackholed route.',
  },
  {
    id: 'etcd-peer-stream-lost',
    name: 'NetsplitEtcdPeerStreamLost',
    group: 'etcd',
    expr: promql`
      sum by (netsplit_cluster, netsplit_node) (increase(netsplit_log_pattern_matches_total{pattern="etcd-peer-stream-lost"}[2m])) > 0
      or
      sum by (netsplit_cluster, instance, Remote) (increase(etcd_network_disconnected_peers_total[2m])) > 0`,
    for: { scrapes: 0 },
    severity: 'warning',
    scope: 'link',
    system: 'etcd',
    patterns: ['etcd-peer-stream-lost'],
    partitionExplains: 'always',
    outputLabels: ['node | instance, Remote'],
    summary: 'etcd lost a peer stream in {{ $labels.netsplit_cluster }} {{ $labels.netsplit_node }}{{ $labels.instance }}',
    description:
      'etcd logged "lost TCP streaming connection with remote peer" (netsplit log counter on agent {{ $labels.netsplit_node }}) or counted a disconnected peer ' +
      '(etcd_network_disconnected_peers_total on {{ $labels.instance }}, peer {{ $labels.Remote }}) in the last 2 minutes.',
    meaning:
      'Two sources for one signal: netsplit\'s log follower counts the catalog pattern in etcd\'s log, and etcd\'s own counter. Either fires it. ' +
      'etcd\'s metric needs a netsplit_cluster label on its scrape job (see docs/alerts.md).',
  },
];
