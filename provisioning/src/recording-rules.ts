/**
 * Recording rules the alerts and dashboards share. Each one folds several agents' views into
 * one answer per cluster, so alerts can demand that two vantage points agree.
 */
import { promql } from './promql';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  /** Why the rule exists (rendered as a comment in docs/alerts.md). */
  readonly why: string;
}

export const RECORDING_RULES: readonly RecordingRule[] = [
  {
    record: 'netsplit:node_down_votes:count',
    why: 'How many agents have stopped hearing a node\'s heartbeats (label node = the node heard about). Two votes call a node down.',
    expr: promql`
      label_replace(
        label_replace(
          count by (cluster, source) (max by (cluster, source, target) (netsplit_link_up) == 0),
          "node", "$1", "source", "(.*)"
        ),
        "source", "", "", ""
      )`,
  },
  {
    record: 'netsplit:node_up_votes:count',
    why: 'How many agents still hear a node\'s heartbeats (label node = the node heard about).',
    expr: promql`
      label_replace(
        label_replace(
          count by (cluster, source) (max by (cluster, source, target) (netsplit_link_up) == 1),
          "node", "$1", "source", "(.*)"
        ),
        "source", "", "", ""
      )`,
  },
  {
    record: 'netsplit:partition_agents:count',
    why: 'How many agents see a member unreachable or a link down.',
    expr: promql`
      count by (cluster) (max by (cluster, node) (netsplit_partition_detected) == 1)`,
  },
  {
    record: 'netsplit:node_role:code',
    why: 'Each node\'s role as one number for state timelines: 0 healthy, 1 majority, 2 minority, 3 isolated.',
    expr: promql`
      max by (cluster, node) (
          (netsplit_node_role{role="healthy"} == 1) * 0
        or
          (netsplit_node_role{role="majority"} == 1) * 1
        or
          (netsplit_node_role{role="minority"} == 1) * 2
        or
          (netsplit_node_role{role="isolated"} == 1) * 3
      )`,
  },
  {
    record: 'netsplit:replication_link_down:reason',
    why:
      'A replication link no agent sees up, with the reason the exporter gives (network_cut or database; unknown when it gives none). ' +
      'Links cut by the network carry partition_explains="true" so a partition alert inhibits them.',
    expr: promql`
      label_replace(
          (
              max by (cluster, system, target, replica, reason) (netsplit_replication_down_reason == 1)
            and on (cluster, system, target, replica)
              (max by (cluster, system, target, replica) (netsplit_replication_up) == 0)
          )
        or
          label_replace(
              (max by (cluster, system, target, replica) (netsplit_replication_up) == 0) + 1
            unless on (cluster, system, target, replica)
              (netsplit_replication_down_reason == 1),
            "reason", "unknown", "", ""
          ),
        "partition_explains", "true", "reason", "network_cut"
      )`,
  },
];
