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

/**
 * How often the event loop's delay is sampled for prom-client's nodejs_eventloop_lag_{min,max,
 * mean,stddev,p50,p90,p99}_seconds. prom-client's default, 10 ms, is a timer that wakes the agent
 * 100 times a second whatever else it does: measured with `npm run bench -- soak` at 200 peers,
 * a quarter of the agent's CPU (docs/benchmarks.md). At 100 ms a stall long enough to delay a
 * heartbeat (intervals are 500 ms by default) is still sampled; each sample is the time between
 * two firings, so an idle loop reads about 0.1 s, not 0.01 s.
 */
export const EVENT_LOOP_SAMPLE_MS = 100;

export function createMetrics(cluster: string, node: string) {
  const registry = new ScrapeRegistry();
  registry.setDefaultLabels({ [CLUSTER_LABEL]: cluster, [NODE_LABEL]: node });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  // prom-client names these gauges with a _total suffix, which promtool's lint rejects.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  return { registry, ...declareFamily(registry, MESH_METRICS), tcp: declareFamily(registry, TCP_METRICS) };
}

export type Metrics = ReturnType<typeof createMetrics>;
