/**
 * The catalog's two counters (contract/metrics.ts § patterns). Several families count into them
 * (etcd and database probes, log followers) on one registry; declareFamily reuses what exists.
 */
import type { Registry } from 'prom-client';
import { PATTERN_METRICS } from '../contract/metrics';
import { declareFamily } from './declare';

export function createPatternCounters(registry: Registry) {
  return declareFamily(registry, PATTERN_METRICS);
}
