/** The kubernetes probe's metrics, declared from the metric contract (contract/metrics.ts § kubernetes). */
import type { Registry } from 'prom-client';
import { KUBERNETES_METRICS } from '../contract/metrics';
import { declareFamily } from './declare';

export function createKubernetesMetrics(registry: Registry) {
  return declareFamily(registry, KUBERNETES_METRICS);
}

export type KubernetesMetrics = ReturnType<typeof createKubernetesMetrics>;
