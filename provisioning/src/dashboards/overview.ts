/**
 * The overview a 3 AM responder opens first: where the cut runs (matrix), how bad it is
 * (degradation), who is on which side over time (roles timeline, the runbook's consensus
 * timeline), etcd, replication, Kubernetes API, Consul and Envoy state, classified errors and the
 * firing alerts.
 */
import type { GeneratorSettings } from '../settings';
import { NODE_LABEL } from '../../../exporter/src/contract/labels';
import { clusterVariable, DASHBOARD_DATASOURCE, dashboard, datasourceVariable, layout, PANEL_PLUGIN_ID, query, row, type PanelSpec } from './builders';
import { series, stat, table, timeline } from './panels';
import { DEGRADATION_MAPPINGS, IS_LEADER_MAPPINGS, LEADER_MAPPINGS, ROLE_MAPPINGS, UP_MAPPINGS, YES_NO_MAPPINGS } from './mappings';
import type { Dashboard, DatasourceRef } from './model';

export const OVERVIEW_UID = 'netsplit-overview';
export const NODE_UID = 'netsplit-node';

/** The drill-down the panel's data links open, for the node a cell or row belongs to. */
export const NODE_DRILLDOWN_URL = `/d/${NODE_UID}/netsplit-node?var-cluster=\${cluster}&var-node=\${node}`;

const C = 'netsplit_cluster="$cluster"';

export function overviewDashboard(_settings: GeneratorSettings): Dashboard {
  const ds: DatasourceRef = DASHBOARD_DATASOURCE;
  const panels: PanelSpec[] = [
    row('Partition'),
    {
      type: PANEL_PLUGIN_ID,
      title: 'Connectivity matrix',
      description: 'Directional heartbeat matrix (row = source, column = target), each node\'s role and degradation level. Click a node for its drill-down.',
      w: 12,
      h: 14,
      datasource: ds,
      // The panel recognises series by metric name, and by refId when a query drops the name
      // (panel-plugin/src/README.md). Roles and levels as ranges: the panel shows "since when".
      targets: [
        query(ds, 'netsplit_link_up', `netsplit_link_up{${C}}`, undefined, { instant: true, format: 'table' }),
        query(ds, 'netsplit_link_rtt_seconds', `netsplit_link_rtt_seconds{${C}}`, undefined, { instant: true, format: 'table' }),
        query(ds, 'netsplit_link_asymmetric', `netsplit_link_asymmetric{${C}}`, undefined, { instant: true, format: 'table' }),
        query(ds, 'netsplit_node_role', `netsplit_node_role{${C}}`, undefined, { range: true }),
        query(ds, 'netsplit_degradation_level', `netsplit_degradation_level{${C}}`, undefined, { range: true }),
        query(ds, 'netsplit_bridge_node', `netsplit_bridge_node{${C}}`, undefined, { instant: true, format: 'table' }),
        query(ds, 'netsplit_ready', `netsplit_ready{${C}}`, undefined, { instant: true, format: 'table' }),
        query(ds, 'netsplit_majorities_ring', `netsplit_majorities_ring{${C}}`, undefined, { instant: true, format: 'table' }),
        query(ds, 'netsplit_split_brain', `netsplit_split_brain{${C}}`, undefined, { instant: true, format: 'table' }),
        query(ds, 'netsplit_split_brain_writer', `netsplit_split_brain_writer{${C}}`, undefined, { instant: true, format: 'table' }),
      ],
      // The exporter's identity labels (exporter/src/contract/labels.ts), named explicitly.
      options: { labels: { node: NODE_LABEL } },
      fieldConfig: { defaults: { links: [{ title: 'Node ${node}', url: NODE_DRILLDOWN_URL }] }, overrides: [] },
    },
    stat(ds, 'Degradation level (worst node)', `max(netsplit_degradation_level{${C}})`, DEGRADATION_MAPPINGS),
    stat(ds, 'Links cut between live agents', `count(netsplit:link_cut:two_way{${C}}) or on () vector(0)`, []),
    stat(ds, 'Split brain', `max(netsplit_split_brain{${C}})`, YES_NO_MAPPINGS),
    stat(ds, 'No quorum anywhere', `max(netsplit_no_quorum{${C}})`, YES_NO_MAPPINGS),
    row('Roles and degradation over time'),
    timeline(
      ds,
      'Roles (consensus timeline)',
      `netsplit:node_role:code{${C}}`,
      '{{netsplit_node}}',
      ROLE_MAPPINGS,
      'The runbook\'s consensus timeline: each node\'s role as its own agent reports it.',
    ),
    timeline(ds, 'Degradation level per node', `max by (netsplit_node) (netsplit_degradation_level{${C}})`, '{{netsplit_node}}', DEGRADATION_MAPPINGS),
    // The moments the runbook's timeline is about, one lane each: when it split, when a node
    // was cut off alone, when no side held quorum, when writers diverged — and when each healed
    // (a lane going back to "no"). Answers "when did it split, did it flap" at a glance.
    timeline(
      ds,
      'Split, isolation and heal',
      [
        `label_replace(max(netsplit_partition_detected{${C}}), "event", "partition detected", "", "")`,
        `label_replace(max(netsplit_node_role{${C}, role="isolated"}), "event", "a node isolated", "", "")`,
        `label_replace(max(netsplit_no_quorum{${C}}), "event", "no quorum anywhere", "", "")`,
        `label_replace(max(netsplit_split_brain{${C}}), "event", "split brain", "", "")`,
      ].join(' or '),
      '{{event}}',
      YES_NO_MAPPINGS,
      'Moments of split, isolation and heal over the time range: a lane turns YES when any agent sees it and back to no when it healed.',
    ),
    row('etcd: quorum and leader per member'),
    timeline(ds, 'Member has a leader', `max by (target, member) (netsplit_etcd_member_has_leader{${C}})`, '{{target}} {{member}}', LEADER_MAPPINGS),
    timeline(ds, 'Member is the leader', `max by (target, member) (netsplit_etcd_member_is_leader{${C}})`, '{{target}} {{member}}', IS_LEADER_MAPPINGS),
    timeline(ds, 'Quorum reachable from each agent', `netsplit_etcd_quorum{${C}}`, '{{netsplit_node}} → {{target}}', UP_MAPPINGS),
    table(ds, 'Leader each member follows (and distinct leaders seen)', `max by (target, member, leader_id) (netsplit_etcd_leader_info{${C}}) or max by (target) (netsplit_etcd_distinct_leaders{${C}})`),
    row('Replication links'),
    timeline(ds, 'Replication links', `max by (system, target, replica) (netsplit_replication_up{${C}})`, '{{system}} {{target}} {{replica}}', UP_MAPPINGS),
    table(ds, 'Links down and why', `netsplit:replication_link_down:reason{${C}}`),
    series(ds, 'Replication lag (seconds, gaps = unknown)', `max by (system, target, replica) (netsplit_replication_lag_seconds{${C}})`, '{{system}} {{target}} {{replica}}', 's'),
    series(ds, 'Replication lag (bytes)', `max by (system, target, replica) (netsplit_replication_lag_bytes{${C}})`, '{{system}} {{target}} {{replica}}', 'bytes'),
    series(ds, 'Link down for', `max by (system, target, replica) (netsplit_replication_link_down_seconds{${C}})`, '{{system}} {{target}} {{replica}}', 's'),
    table(
      ds,
      'IO thread state and the role each instance reports',
      `max by (system, target, replica, state) (netsplit_replication_io_state{${C}}) == 1 or max by (system, target, instance, role) (netsplit_replication_role_info{${C}}) == 1`,
    ),
    row('Kubernetes API server from each side'),
    timeline(
      ds,
      'API server reachable from each agent',
      `max by (netsplit_node, target) (netsplit_kubernetes_apiserver_reachable{${C}})`,
      '{{netsplit_node}} → {{target}}',
      UP_MAPPINGS,
      'A side that cannot reach the API server will see its nodes go NotReady and its pods evicted.',
    ),
    series(ds, 'Pods evicted in (side cut from the API server)', `min by (netsplit_node, target) (netsplit_kubernetes_pod_eviction_in_seconds{${C}})`, '{{netsplit_node}} → {{target}}', 's'),
    series(ds, 'Nodes NotReady in', `min by (netsplit_node, target) (netsplit_kubernetes_node_not_ready_in_seconds{${C}})`, '{{netsplit_node}} → {{target}}', 's'),
    table(ds, 'Failing readiness checks (/readyz?verbose)', `min by (target, check) (netsplit_kubernetes_readyz_check_ok{${C}}) == 0`),
    row('Consul: quorum and leader per server'),
    timeline(ds, 'Server has a leader', `max by (target, server) (netsplit_consul_server_has_leader{${C}})`, '{{target}} {{server}}', LEADER_MAPPINGS),
    timeline(ds, 'Server is the leader', `max by (target, server) (netsplit_consul_server_is_leader{${C}})`, '{{target}} {{server}}', IS_LEADER_MAPPINGS),
    timeline(ds, 'Consul quorum reachable from each agent', `netsplit_consul_quorum{${C}}`, '{{netsplit_node}} → {{target}}', UP_MAPPINGS),
    table(ds, 'Serf members each server sees failed', `max by (target, server) (netsplit_consul_serf_members{${C}, status="failed"}) > 0`),
    row('Envoy upstreams: breakers and where their hosts sit'),
    table(ds, 'Failing upstreams and why (network_cut: hosts across the cut; service_fault: hosts reachable)', `max by (netsplit_node, target, upstream, reason) (netsplit_envoy_upstream_fault_reason{${C}}) == 1`, 24),
    timeline(ds, 'Open circuit breakers', `max by (netsplit_node, target, upstream, breaker) (netsplit_envoy_circuit_breaker_open{${C}})`, '{{netsplit_node}} {{target}} → {{upstream}} {{breaker}}', YES_NO_MAPPINGS),
    series(ds, 'Ejected and unhealthy hosts', `sum by (netsplit_node, target, upstream, state) (netsplit_envoy_upstream_hosts{${C}, state!="healthy"})`, '{{netsplit_node}} {{target}} → {{upstream}} {{state}}', 'none'),
    row('Error patterns (exporter/src/patterns/catalog.ts)'),
    series(ds, 'Classified probe errors', `sum by (system, pattern) (rate(netsplit_error_pattern_total{${C}}[$__rate_interval]))`, '{{system}} {{pattern}}', 'reqps'),
    series(ds, 'Log pattern matches', `sum by (system, pattern) (rate(netsplit_log_pattern_matches_total{${C}}[$__rate_interval]))`, '{{system}} {{pattern}}', 'reqps'),
    row('Alerts'),
    {
      type: 'alertlist',
      title: 'netsplit alerts',
      w: 24,
      h: 8,
      options: {
        viewMode: 'list',
        groupMode: 'default',
        groupBy: [],
        maxItems: 50,
        sortOrder: 1,
        dashboardAlerts: false,
        alertName: 'Netsplit',
        alertInstanceLabelFilter: '{netsplit_cluster="$cluster"}',
        stateFilter: { firing: true, pending: true, noData: false, normal: false, error: true },
      },
    },
  ];
  return dashboard({
    uid: OVERVIEW_UID,
    title: 'netsplit overview',
    description: 'Network partition overview: connectivity, roles, degradation, etcd, replication, Kubernetes API server, Consul, Envoy upstreams, error patterns and alerts.',
    tags: ['netsplit'],
    templating: { list: [datasourceVariable(), clusterVariable(ds)] },
    links: [{ title: 'Node drill-down', type: 'link', url: `/d/${NODE_UID}/netsplit-node?var-cluster=$cluster`, icon: 'dashboard' }],
    panels: layout(panels),
  });
}
