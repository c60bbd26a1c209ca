/**
 * The Envoy admin probe's metrics, declared once (docs/metrics.md § Envoy). `upstream` is the
 * Envoy cluster name (not `cluster`: a scrape configuration owns that label). Self-contained so
 * the declarations can move into one contract module.
 */
import { Gauge, type Registry } from 'prom-client';

const UPSTREAM = ['target', 'upstream'] as const;

/** Why an upstream fails, as the mesh explains it (see analysis/upstream-cut.ts). */
export const UPSTREAM_FAULT_REASONS = ['network_cut', 'service_fault', 'mixed', 'unknown'] as const;

/** `fillExplained` runs at each scrape, before netsplit_envoy_upstream_fault_reason is rendered (it fuses the latest verdict). */
export function createEnvoyMetrics(registry: Registry, fillExplained?: () => void) {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], collect?: () => void) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry], ...(collect ? { collect } : {}) });
  return {
    adminUp: gauge('netsplit_envoy_admin_up', '1 when the proxy\'s admin API answered /clusters and /stats within the probe deadline.', ['target']),
    breakerOpen: gauge('netsplit_envoy_circuit_breaker_open', '1 while the upstream\'s circuit breaker (cx, rq, rq_pending, rq_retry, cx_pool; default priority) is open.', [...UPSTREAM, 'breaker']),
    hosts: gauge('netsplit_envoy_upstream_hosts', 'Upstream hosts per state: healthy, ejected (outlier detection), unhealthy (failed health check or EDS status).', [...UPSTREAM, 'state']),
    hostsAcrossCut: gauge('netsplit_envoy_upstream_hosts_across_cut', 'Upstream hosts placed on nodes this node has no two-way contact with (the mesh verdict).', UPSTREAM, fillExplained),
    connectFailures: gauge('netsplit_envoy_upstream_cx_connect_fail', 'Envoy\'s upstream_cx_connect_fail counter of the upstream, as the proxy reports it.', UPSTREAM),
    pendingOverflow: gauge('netsplit_envoy_upstream_rq_pending_overflow', 'Envoy\'s upstream_rq_pending_overflow counter of the upstream, as the proxy reports it.', UPSTREAM),
    ejectionsActive: gauge('netsplit_envoy_outlier_ejections_active', 'Hosts outlier detection holds ejected now (outlier_detection.ejections_active).', UPSTREAM),
    faultReason: gauge(
      'netsplit_envoy_upstream_fault_reason',
      'For an upstream with an open breaker or unhealthy/ejected hosts: 1 on the reason (network_cut: its failing hosts sit across the cut; service_fault: they are reachable; mixed; unknown: not placed), 0 on the others.',
      [...UPSTREAM, 'reason'],
    ),
    probeDuration: gauge('netsplit_envoy_probe_duration_seconds', 'Duration of the last probe of the proxy\'s admin API.', ['target']),
  };
}

export type EnvoyMetrics = ReturnType<typeof createEnvoyMetrics>;
