/**
 * The per-node drill-down the matrix panel's data links open: this node's role and view, its
 * links in both directions, its agent's health and what its probes see.
 */
import type { GeneratorSettings } from '../settings';
import { clusterVariable, DASHBOARD_DATASOURCE, labelValuesVariable, dashboard, datasourceVariable, layout, row, type PanelSpec } from './builders';
import { DEGRADATION_MAPPINGS, LEADER_MAPPINGS, ROLE_MAPPINGS, UP_MAPPINGS, YES_NO_MAPPINGS } from './mappings';
import type { Dashboard, DatasourceRef, TemplateVariable } from './model';
import { NODE_UID, OVERVIEW_UID } from './overview';
import { series, stat, table, timeline } from './panels';

const N = 'netsplit_cluster="$cluster", netsplit_node="$node"';

function nodeVariable(ds: DatasourceRef): TemplateVariable {
  return labelValuesVariable(ds, 'node', 'Node', 'label_values(netsplit_build_info{netsplit_cluster="$cluster"}, netsplit_node)');
}

export function nodeDashboard(_settings: GeneratorSettings): Dashboard {
  const ds: DatasourceRef = DASHBOARD_DATASOURCE;
  const panels: PanelSpec[] = [
    row('$node'),
    stat(ds, 'Role', `netsplit:node_role:code{${N}}`, ROLE_MAPPINGS, 4),
    stat(ds, 'Degradation level', `netsplit_degradation_level{${N}}`, DEGRADATION_MAPPINGS, 4),
    stat(ds, 'Reachable nodes (itself included)', `netsplit_node_reachable_nodes{${N}}`, [], 4),
    stat(ds, 'Unreachable members', `netsplit_nodes_unreachable{${N}}`, [], 4),
    stat(ds, 'Fresh rows in its view', `netsplit_view_fresh_nodes{${N}}`, [], 4),
    stat(ds, 'Components it sees', `netsplit_partition_components{${N}}`, [], 4),
    row('Links'),
    timeline(ds, 'Heartbeats arriving at $node', `netsplit_link_up{${N}}`, '{{source}} → {{target}}', UP_MAPPINGS),
    timeline(ds, 'Heartbeats of $node at its peers', `netsplit_link_up{netsplit_cluster="$cluster", source="$node"}`, '{{source}} → {{target}}', UP_MAPPINGS),
    series(ds, 'Round trip of $node\'s probes', `netsplit_link_rtt_seconds{netsplit_cluster="$cluster", source="$node"}`, '{{target}}', 's'),
    series(ds, 'Heartbeat loss towards $node', `netsplit_link_loss_ratio{${N}}`, '{{source}}', 'percentunit'),
    series(ds, 'Age of the rows $node holds', `netsplit_view_row_age_seconds{${N}}`, '{{origin}}', 's'),
    series(ds, 'Role changes', `increase(netsplit_role_transitions_total{${N}}[$__rate_interval])`, 'role changes', 'short'),
    row('Agent health'),
    series(ds, 'Heartbeats rejected', `sum by (reason) (rate(netsplit_heartbeat_rejected_total{${N}}[$__rate_interval]))`, '{{reason}}', 'pps'),
    series(ds, 'View pulls', `sum by (peer, result) (rate(netsplit_view_pulls_total{${N}}[$__rate_interval]))`, '{{peer}} {{result}}', 'reqps'),
    series(ds, 'Resident memory', `process_resident_memory_bytes{${N}}`, 'rss', 'bytes'),
    series(ds, 'Event loop lag', `nodejs_eventloop_lag_seconds{${N}}`, 'lag', 's'),
    row('What $node\'s probes see'),
    timeline(ds, 'etcd members with a leader', `netsplit_etcd_member_has_leader{${N}}`, '{{target}} {{member}}', LEADER_MAPPINGS),
    timeline(ds, 'Replication links', `netsplit_replication_up{${N}}`, '{{system}} {{target}} {{replica}}', UP_MAPPINGS),
    timeline(ds, 'TCP targets', `netsplit_tcp_probe_success{${N}}`, '{{target}}', UP_MAPPINGS),
    timeline(ds, 'Kubernetes API server reachable', `netsplit_kubernetes_apiserver_reachable{${N}}`, '{{target}}', UP_MAPPINGS),
    series(ds, 'Until NotReady and eviction (while the API server is unreachable)', `label_replace(netsplit_kubernetes_node_not_ready_in_seconds{${N}}, "until", "NotReady", "", "") or label_replace(netsplit_kubernetes_pod_eviction_in_seconds{${N}}, "until", "eviction", "", "")`, '{{target}} {{until}}', 's'),
    timeline(ds, 'Consul servers with a leader', `netsplit_consul_server_has_leader{${N}}`, '{{target}} {{server}}', LEADER_MAPPINGS),
    timeline(ds, 'Consul quorum from $node', `netsplit_consul_quorum{${N}}`, '{{target}}', UP_MAPPINGS),
    timeline(ds, 'Open Envoy circuit breakers', `netsplit_envoy_circuit_breaker_open{${N}}`, '{{target}} → {{upstream}} {{breaker}}', YES_NO_MAPPINGS),
    table(ds, 'Failing Envoy upstreams and why', `netsplit_envoy_upstream_fault_reason{${N}} == 1`),
    series(ds, 'Classified probe errors', `sum by (system, pattern) (rate(netsplit_error_pattern_total{${N}}[$__rate_interval]))`, '{{system}} {{pattern}}', 'reqps'),
  ];
  return dashboard({
    uid: NODE_UID,
    title: 'netsplit node',
    description: 'One node as its own agent sees it: role, view, links both ways, agent health, probes.',
    tags: ['netsplit'],
    templating: { list: [datasourceVariable(), clusterVariable(ds), nodeVariable(ds)] },
    links: [{ title: 'Overview', type: 'link', url: `/d/${OVERVIEW_UID}/netsplit-overview?var-cluster=$cluster`, icon: 'dashboard' }],
    panels: layout(panels),
  });
}
