/**
 * Turns a family of the metric contract (contract/metrics.ts) into prom-client metrics on a
 * registry. A metric already declared on the registry is reused: families that several probes
 * share (the catalog counters, the replication set of PostgreSQL, MySQL and Redis) are declared
 * by whoever starts first.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { MetricContract } from '../contract/metrics';

type Declared<C> = C extends MetricContract<infer L, 'gauge'> ? Gauge<L> : C extends MetricContract<infer L, 'counter'> ? Counter<L> : never;
export type DeclaredFamily<F> = { -readonly [K in keyof F]: Declared<F[K]> };

export function declareFamily<F extends Readonly<Record<string, MetricContract>>>(registry: Registry, family: F): DeclaredFamily<F> {
  const declared: Record<string, Gauge | Counter> = {};
  for (const [key, contract] of Object.entries(family)) declared[key] = declareMetric(registry, contract);
  return declared as DeclaredFamily<F>;
}

function declareMetric(registry: Registry, contract: MetricContract): Gauge | Counter {
  const Kind = contract.type === 'gauge' ? Gauge : Counter;
  const existing = registry.getSingleMetric(contract.name);
  if (existing instanceof Kind) return existing;
  if (existing !== undefined) throw new Error(`${contract.name} is declared twice with different types`);
  return new Kind({ name: contract.name, help: contract.help, labelNames: [...contract.labels], registers: [registry] });
}
