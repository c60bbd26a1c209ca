/**
 * The catalog's two counters. Several families count into them (etcd and database probes, log
 * followers) on one registry, so whoever comes first declares them and the others reuse them.
 */
import { Counter, type Registry } from 'prom-client';

export function createPatternCounters(registry: Registry) {
  return {
    errorPatterns: sharedCounter(registry, 'netsplit_error_pattern_total', 'Probe errors that matched a catalog pattern.', ['pattern', 'system', 'target']),
    logPatterns: sharedCounter(registry, 'netsplit_log_pattern_matches_total', 'Log lines that matched a catalog pattern.', ['pattern', 'system', 'file']),
  };
}

function sharedCounter<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[]): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) return existing as Counter<L>;
  return new Counter<L>({ name, help, labelNames, registers: [registry] });
}
