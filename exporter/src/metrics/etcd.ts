/**
 * The etcd probe's metrics, declared from the metric contract (contract/metrics.ts § etcd).
 * Probe errors count into the catalog's shared counter (patterns.ts).
 */
import type { Registry } from 'prom-client';
import { ETCD_METRICS } from '../contract/metrics';
import { declareFamily } from './declare';
import { createPatternCounters } from './patterns';

export function createEtcdMetrics(registry: Registry) {
  return { ...declareFamily(registry, ETCD_METRICS), errorPatterns: createPatternCounters(registry).errorPatterns };
}

export type EtcdMetrics = ReturnType<typeof createEtcdMetrics>;
