/**
 * Every netsplit metric, declared once with its help text (prom-client's style). Names and labels
 * are a contract (the panel, the generated rules and dashboards read them; label names come from
 * contract/labels.ts); docs/metrics.md documents each one.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { CLUSTER_LABEL, NODE_LABEL, SERVER_LABEL } from '../contract/labels';

export function createMetrics(cluster: string, node: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ [CLUSTER_LABEL]: cluster, [NODE_LABEL]: node });
  collectDefaultMetrics({ register: registry });
  // prom-client names these gauges with a _total suffix, which promtool's lint rejects.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });

  return {
    registry,
    linkUp: gauge('netsplit_link_up', '1 when heartbeats from source arrive at target (exported by the target agent; damped).', ['source', 'target']),
    linkLossRatio: gauge('netsplit_link_loss_ratio', 'Share of source heartbeats lost on the way to target over the last 64 sequence numbers.', ['source', 'target']),
    linkRtt: gauge('netsplit_link_rtt_seconds', "Round trip of the source agent's last view request to the target agent; NaN when it failed.", ['source', 'target']),
    linkTransitions: counter('netsplit_link_transitions_total', 'Damped up/down transitions of source->target seen by the target.', ['source', 'target']),
    linkAsymmetric: gauge('netsplit_link_asymmetric', '1 for each direction that is down while its reverse is up, in this node\'s view.', ['source', 'target']),
    nodeRole: gauge('netsplit_node_role', 'Partition role of this node (state set); all 0 until the first full round.', ['role']),
    reachableNodes: gauge('netsplit_node_reachable_nodes', 'Nodes with two-way contact to this node, itself included.'),
    clusterMembers: gauge('netsplit_cluster_members', 'Configured membership N.'),
    quorumSize: gauge('netsplit_quorum_size', 'Quorum floor(N/2)+1.'),
    degradationLevel: gauge('netsplit_degradation_level', '0 full, 1 read-only, 2 cached responses, 3 emergency fallback.'),
    partitionDetected: gauge('netsplit_partition_detected', '1 when a member is unreachable from this node or any link in its view is down.'),
    partitionComponents: gauge('netsplit_partition_components', 'Connected components of the two-way contact graph among nodes with fresh rows.'),
    nodesUnreachable: gauge('netsplit_nodes_unreachable', 'Configured members with no two-way contact to this node.'),
    viewFreshNodes: gauge('netsplit_view_fresh_nodes', 'Members whose row this node holds fresh, directly or relayed.'),
    rowAge: gauge('netsplit_view_row_age_seconds', 'Age of the freshest row held from origin.', ['origin']),
    bridgeNode: gauge('netsplit_bridge_node', '1 for each node that is the only two-way path between groups in this view.', ['bridge']),
    majoritiesRing: gauge('netsplit_majorities_ring', '1 when every fresh node reaches a majority but no majority clique exists.'),
    noQuorum: gauge('netsplit_no_quorum', '1 when no node in the view holds a majority and the rest are too few to hold one.'),
    splitBrain: gauge('netsplit_split_brain', '1 when writers (leaders, primaries) of one system and target that this agent reaches sit on nodes without two-way contact.'),
    splitBrainWriter: gauge('netsplit_split_brain_writer', '1 for each writer of a split brain this agent sees, naming it and the node it runs on.', ['system', 'target', SERVER_LABEL, 'writer_node']),
    nodeMaintenance: gauge('netsplit_node_maintenance', '1 for each member this agent\'s config lists under maintenance, 0 for the other members.', ['member']),
    ready: gauge('netsplit_ready', '1 after the first full round (same as /readyz).'),
    roleTransitions: counter('netsplit_role_transitions_total', 'Role changes of this node.'),
    heartbeatsSent: counter('netsplit_heartbeats_sent_total', 'Heartbeat datagrams sent.'),
    heartbeatsReceived: counter('netsplit_heartbeats_received_total', 'Heartbeats accepted, by sender.', ['source']),
    heartbeatRejected: counter('netsplit_heartbeat_rejected_total', 'Heartbeat datagrams dropped, by reason.', ['reason']),
    viewPulls: counter('netsplit_view_pulls_total', 'View requests to peers, by result.', ['peer', 'result']),
    viewRejected: counter('netsplit_view_rejected_total', 'Peer views or view requests refused, by reason.', ['reason']),
    viewRowsRejected: counter('netsplit_view_rows_rejected_total', 'Rows of pulled views not taken: unsigned, bad signature, other membership, epoch or seq from the future.', ['reason']),
    tcpProbeSuccess: gauge('netsplit_tcp_probe_success', '1 when the last TCP connect to the target succeeded within its deadline.', ['target']),
    tcpProbeDuration: gauge('netsplit_tcp_probe_duration_seconds', 'Duration of the last TCP connect attempt.', ['target']),
    tcpProbeResult: gauge('netsplit_tcp_probe_result', 'Outcome of the last TCP connect attempt (state set).', ['target', 'result']),
    httpConnections: gauge('netsplit_http_connections', 'Open connections to this agent\'s HTTP server.'),
    httpConnectionsShed: counter('netsplit_http_connections_shed_total', 'Connections closed by the connection cap (http.maxConnections, http.requestTimeout), by reason.', ['reason']),
    buildInfo: gauge('netsplit_build_info', 'Always 1; the version label tells the build.', ['version']),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

export const HEARTBEAT_REJECT_REASONS = [
  'oversized',
  'malformed',
  'unsigned',
  'bad_signature',
  'wrong_cluster',
  'unknown_sender',
  'stale',
  'replayed',
  // Issue 12: each defeats one attack of the issue (F2 relay, F2 other address, F3 replay after restart, F5 far-future epoch).
  'wrong_recipient',
  'wrong_address',
  'before_restart',
  'future_epoch',
] as const;
export type HeartbeatRejectReason = (typeof HEARTBEAT_REJECT_REASONS)[number];
export const VIEW_REJECT_REASONS = [
  'oversized',
  'malformed',
  'unauthenticated',
  'bad_signature',
  'stale',
  'wrong_cluster',
  // Issue 12: a request header used a second time (F8); a pulled view whose response signature is missing or wrong (F1).
  'replayed',
  'unsigned_response',
  'bad_response_signature',
] as const;
export type ViewRejectReason = (typeof VIEW_REJECT_REASONS)[number];
/** Rows of an accepted view that were not taken: per row, because one bad row spoils nothing else. */
export const ROW_REJECT_REASONS = ['unsigned', 'bad_signature', 'membership', 'future_epoch', 'future_seq'] as const;
export type RowRejectReason = (typeof ROW_REJECT_REASONS)[number];
