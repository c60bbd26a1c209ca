import { MESH_METRICS } from '../../../exporter/src/contract/metrics';

/**
 * The metrics of the netsplit contract (exporter/src/contract/metrics.ts) that the panel reads.
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
  linkUp: MESH_METRICS.linkUp.name,
  linkRtt: MESH_METRICS.linkRtt.name,
  linkAsymmetric: MESH_METRICS.linkAsymmetric.name,
  nodeRole: MESH_METRICS.nodeRole.name,
  degradationLevel: MESH_METRICS.degradationLevel.name,
  bridgeNode: MESH_METRICS.bridgeNode.name,
  partitionDetected: MESH_METRICS.partitionDetected.name,
  majoritiesRing: MESH_METRICS.majoritiesRing.name,
  splitBrain: MESH_METRICS.splitBrain.name,
  splitBrainWriter: MESH_METRICS.splitBrainWriter.name,
  ready: MESH_METRICS.ready.name,
  // The panel reads its member and zone labels.
  memberInfo: MESH_METRICS.memberInfo.name,
  // Recognised, its value not read yet: collapsed zones are aggregated from the links themselves.
  zoneLinksUpRatio: MESH_METRICS.zoneLinksUpRatio.name,
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
