/**
 * Recording rules the alerts and dashboards share. Each one folds several agents' views into
 * one answer per cluster, so alerts can demand that two vantage points agree.
 */
import { promql } from './promql';
import { durationSeconds, type GeneratorSettings } from './settings';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  /** Why the rule exists (rendered as a comment in docs/alerts.md). */
  readonly why: string;
}

export function recordingRules(settings: GeneratorSettings): readonly RecordingRule[] {
  const grace = durationSeconds(settings.restartGrace);
  return [
  {
    record: 'netsplit:agent_settling:bool',
    why:
      'Agents whose word does not count yet or now: started less than restartGrace ago (a rolling restart), not ready, or listed under ' +
      'maintenance by any agent (label netsplit_node = the member). Partition and per-node alerts leave them out.',
    expr: promql`
      max by (netsplit_cluster, netsplit_node) (
          ((time() - process_start_time_seconds{netsplit_node!=""}) < ${grace}) * 0 + 1
        or
          (netsplit_ready == 0) + 1
        or
          label_replace(netsplit_node_maintenance == 1, "netsplit_node", "$1", "member", "(.*)")
      )`,
  },
  {
    record: 'netsplit:link_cut:two_way',
    why:
      'Pairs of live agents that have stopped hearing each other, both directions reported (each by its receiving agent, so both are scraped), ' +
      'neither settling. A dead node is silent but exports nothing: it never makes a pair, so a reboot is not a partition.',
    expr: promql`
      (
          max by (netsplit_cluster, source, target) (netsplit_link_up == 0)
        and on (netsplit_cluster, source, target)
          label_replace(
            label_replace(
              label_replace(max by (netsplit_cluster, source, target) (netsplit_link_up == 0), "swapped", "$1", "source", "(.*)"),
              "source", "$1", "target", "(.*)"
            ),
            "target", "$1", "swapped", "(.*)"
          )
      )
      unless on (netsplit_cluster, source) label_replace(netsplit:agent_settling:bool, "source", "$1", "netsplit_node", "(.*)")
      unless on (netsplit_cluster, target) label_replace(netsplit:agent_settling:bool, "target", "$1", "netsplit_node", "(.*)")`,
  },
  {
    record: 'netsplit:node_down_votes:count',
    why: 'How many agents have stopped hearing a node\'s heartbeats (label netsplit_node = the node heard about). Two votes call a node down.',
    expr: promql`
      label_replace(
        label_replace(
          count by (netsplit_cluster, source) (max by (netsplit_cluster, source, target) (netsplit_link_up) == 0),
          "netsplit_node", "$1", "source", "(.*)"
        ),
        "source", "", "", ""
      )`,
  },
  {
    record: 'netsplit:node_up_votes:count',
    why: 'How many agents still hear a node\'s heartbeats (label netsplit_node = the node heard about).',
    expr: promql`
      label_replace(
        label_replace(
          count by (netsplit_cluster, source) (max by (netsplit_cluster, source, target) (netsplit_link_up) == 1),
          "netsplit_node", "$1", "source", "(.*)"
        ),
        "source", "", "", ""
      )`,
  },
  {
    record: 'netsplit:node_role:code',
    why: 'Each node\'s role as one number for state timelines: 0 healthy, 1 majority, 2 minority, 3 isolated.',
    expr: promql`
      max by (netsplit_cluster, netsplit_node) (
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
              max by (netsplit_cluster, system, target, replica, reason) (netsplit_replication_down_reason == 1)
            and on (netsplit_cluster, system, target, replica)
              (max by (netsplit_cluster, system, target, replica) (netsplit_replication_up) == 0)
          )
        or
          label_replace(
              (max by (netsplit_cluster, system, target, replica) (netsplit_replication_up) == 0) + 1
            unless on (netsplit_cluster, system, target, replica)
              (netsplit_replication_down_reason == 1),
            "reason", "unknown", "", ""
          ),
        "partition_explains", "true", "reason", "network_cut"
      )`,
  },
];
}
