/** The panel's queries as a dashboard would hold them (see src/README.md). */
export interface DashboardQuery {
  refId: string;
  expr: string;
  kind: 'instant' | 'range';
}

/** `cluster` = `$cluster`'s value; `All` selects every cluster, as Grafana's "All" option with `.+`. */
export function dashboardQueries(cluster: string): DashboardQuery[] {
  const selector = cluster === 'All' ? 'netsplit_cluster=~".+"' : `netsplit_cluster="${cluster}"`;
  const on = (metric: string) => `${metric}{${selector}}`;
  return [
    { refId: 'A', expr: on('netsplit_link_up'), kind: 'instant' },
    { refId: 'B', expr: on('netsplit_link_rtt_seconds'), kind: 'instant' },
    { refId: 'C', expr: on('netsplit_link_asymmetric'), kind: 'instant' },
    { refId: 'D', expr: on('netsplit_node_role'), kind: 'range' },
    { refId: 'E', expr: on('netsplit_degradation_level'), kind: 'range' },
    { refId: 'F', expr: on('netsplit_bridge_node'), kind: 'instant' },
    { refId: 'G', expr: on('netsplit_partition_detected'), kind: 'instant' },
    { refId: 'H', expr: on('netsplit_ready'), kind: 'instant' },
    { refId: 'I', expr: on('netsplit_majorities_ring'), kind: 'instant' },
    { refId: 'J', expr: on('netsplit_split_brain'), kind: 'instant' },
    { refId: 'K', expr: on('netsplit_member_info'), kind: 'instant' },
  ];
}
