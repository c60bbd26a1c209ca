/**
 * Metrics of the replication probes (PostgreSQL, MySQL/MariaDB, Redis), declared from the metric
 * contract (contract/metrics.ts § replication). The three services share one set on a registry,
 * each with its own `system` label value.
 */
import type { Registry } from 'prom-client';
import { REPLICATION_METRICS } from '../contract/metrics';
import { declareFamily } from './declare';

export function createReplicationMetrics(registry: Registry) {
  return declareFamily(registry, REPLICATION_METRICS);
}

export type ReplicationMetrics = ReturnType<typeof createReplicationMetrics>;
