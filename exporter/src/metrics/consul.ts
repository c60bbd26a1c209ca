/** The consul probe's metrics, declared from the metric contract (contract/metrics.ts § consul). */
import type { Registry } from 'prom-client';
import { CONSUL_METRICS } from '../contract/metrics';
import { declareFamily } from './declare';
import { createPatternCounters } from './patterns';

export function createConsulMetrics(registry: Registry) {
  return { ...declareFamily(registry, CONSUL_METRICS), errorPatterns: createPatternCounters(registry).errorPatterns };
}

export type ConsulMetrics = ReturnType<typeof createConsulMetrics>;
