/** The envoy probe's metrics, declared from the metric contract (contract/metrics.ts § envoy). */
import type { Registry } from 'prom-client';
import { ENVOY_METRICS } from '../contract/metrics';
import { declareFamily } from './declare';

/** Why an upstream fails, as the mesh explains it (see analysis/upstream-cut.ts). */
export const UPSTREAM_FAULT_REASONS = ['network_cut', 'service_fault', 'mixed', 'unknown'] as const;

export function createEnvoyMetrics(registry: Registry) {
  return declareFamily(registry, ENVOY_METRICS);
}

export type EnvoyMetrics = ReturnType<typeof createEnvoyMetrics>;
