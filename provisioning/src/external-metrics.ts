/**
 * Metrics the rules and dashboards read that netsplit does not export: they come from etcd,
 * Envoy, Istio, prom-client's defaults and Prometheus itself. Everything else a query reads
 * must be listed in docs/metrics.md or be one of our recording rules (a test checks).
 */
export interface ExternalMetric {
  readonly name: string;
  readonly source: string;
}

export const EXTERNAL_METRICS: readonly ExternalMetric[] = [
  { name: 'up', source: 'Prometheus, per scrape target' },
  { name: 'etcd_network_disconnected_peers_total', source: 'etcd /metrics (labels Local, Remote)' },
  { name: 'envoy_cluster_upstream_cx_connect_fail', source: 'Envoy /stats/prometheus' },
  { name: 'envoy_cluster_upstream_rq_pending_failure_eject', source: 'Envoy /stats/prometheus' },
  { name: 'envoy_cluster_upstream_cx_total', source: 'Envoy /stats/prometheus' },
  { name: 'envoy_cluster_circuit_breakers_default_cx_open', source: 'Envoy /stats/prometheus' },
  { name: 'envoy_cluster_circuit_breakers_default_rq_open', source: 'Envoy /stats/prometheus' },
  { name: 'envoy_cluster_circuit_breakers_default_rq_pending_open', source: 'Envoy /stats/prometheus' },
  { name: 'istio_requests_total', source: 'Istio sidecars (response_flags label)' },
  { name: 'process_start_time_seconds', source: 'prom-client default metrics of the netsplit agent (restart grace)' },
  { name: 'process_resident_memory_bytes', source: 'prom-client default metrics of the netsplit agent' },
  { name: 'nodejs_eventloop_lag_seconds', source: 'prom-client default metrics of the netsplit agent' },
];

/** Only these families may be external; a netsplit_ name must be in docs/metrics.md. */
export const EXTERNAL_PREFIXES = ['etcd_', 'envoy_', 'istio_', 'process_', 'nodejs_'] as const;
