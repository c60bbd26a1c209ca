/**
 * The agent's registry and its core metrics, declared from the metric contract
 * (contract/metrics.ts: names, labels, help). Every series carries the cluster and node labels
 * (contract/labels.ts). Probe families declare theirs on the same registry (etcd.ts,
 * replication.ts, patterns.ts).
 */
import { collectDefaultMetrics } from 'prom-client';
import { CLUSTER_LABEL, NODE_LABEL } from '../contract/labels';
import { MESH_METRICS, TCP_METRICS } from '../contract/metrics';
import { declareFamily } from './declare';
import { ScrapeRegistry } from './scrape-registry';

export function createMetrics(cluster: string, node: string) {
  const registry = new ScrapeRegistry();
  registry.setDefaultLabels({ [CLUSTER_LABEL]: cluster, [NODE_LABEL]: node });
  collectDefaultMetrics({ register: registry });
  // prom-client names these gauges with a _total suffix, which promtool's lint rejects.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  return { registry, ...declareFamily(registry, MESH_METRICS), tcp: declareFamily(registry, TCP_METRICS) };
}

export type Metrics = ReturnType<typeof createMetrics>;
