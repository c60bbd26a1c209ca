/**
 * The metrics of the netsplit contract (docs/metrics.md) that the panel reads.
 * A series is recognised by its `__name__` label, or — when a query strips the name (e.g. a
 * `max by (...)` aggregation) — by its query's refId being the metric name or the short kind.
 */
export type MetricKind =
  | 'linkUp'
  | 'linkRtt'
  | 'linkAsymmetric'
  | 'nodeRole'
  | 'degradationLevel'
  | 'bridgeNode'
  | 'partitionDetected'
  | 'majoritiesRing'
  | 'splitBrain'
  | 'splitBrainWriter'
  | 'ready'
  | 'memberInfo'
  | 'zoneLinksUpRatio';

export const metricNames: Readonly<Record<MetricKind, string>> = {
  linkUp: 'netsplit_link_up',
  linkRtt: 'netsplit_link_rtt_seconds',
  linkAsymmetric: 'netsplit_link_asymmetric',
  nodeRole: 'netsplit_node_role',
  degradationLevel: 'netsplit_degradation_level',
  bridgeNode: 'netsplit_bridge_node',
  partitionDetected: 'netsplit_partition_detected',
  majoritiesRing: 'netsplit_majorities_ring',
  splitBrain: 'netsplit_split_brain',
  splitBrainWriter: 'netsplit_split_brain_writer',
  ready: 'netsplit_ready',
  memberInfo: 'netsplit_member_info',
  zoneLinksUpRatio: 'netsplit_zone_links_up_ratio',
};

const kindByName: ReadonlyMap<string, MetricKind> = new Map(
  (Object.entries(metricNames) as Array<[MetricKind, string]>).flatMap(([kind, name]) => [
    [name, kind],
    [kind, kind],
    [name.replace(/^netsplit_/, ''), kind],
  ]),
);

/** `netsplit_link_up`, `link_up` and `linkUp` all name the same kind. */
export function metricKindOf(name: string | undefined): MetricKind | undefined {
  return name === undefined ? undefined : kindByName.get(name);
}
