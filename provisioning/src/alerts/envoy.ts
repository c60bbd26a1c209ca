/**
 * Service-mesh symptoms of a partition, from Envoy's and Istio's own metrics. Both need a
 * `cluster` label on their scrape jobs (see docs/alerts.md) so routing and inhibition work.
 */
import { promql } from '../promql';
import type { AlertDefinition } from './types';
import type { GeneratorSettings } from '../settings';

// Istio joins several response flags with commas ("URX,UF"), so match one flag among them.
const flags = (names: readonly string[]) => `(.*,)?(${names.join('|')})(,.*)?`;

export function envoyAlerts(settings: GeneratorSettings): readonly AlertDefinition[] {
  const threshold = settings.envoyFailuresPerSecond;
  return [
    {
      id: 'envoy-upstream-failures',
      name: 'NetsplitEnvoyUpstreamFailures',
      group: 'envoy',
      expr: promql`
        sum by (cluster, destination_service) (rate(istio_requests_total{response_flags=~"${flags(['UF', 'UC', 'URX'])}"}[2m])) > ${threshold}
        or
        sum by (cluster, envoy_cluster_name) (
          rate(envoy_cluster_upstream_cx_connect_fail[2m]) + rate(envoy_cluster_upstream_rq_pending_failure_eject[2m])
        ) > ${threshold}`,
      for: '30s',
      severity: 'critical',
      scope: 'upstream',
      system: 'envoy',
      patterns: ['envoy-upstream-reset', 'envoy-upstream-failure-flag'],
      partitionExplains: 'always',
      outputLabels: ['destination_service | envoy_cluster_name'],
      summary: 'Envoy upstream failures to {{ $labels.destination_service }}{{ $labels.envoy_cluster_name }} in {{ $labels.cluster }}',
      description:
        'Requests fail at the upstream connection (response flags UF/UC/URX, or connect failures and pending-request ejections): clients see ' +
        '"upstream connect error or disconnect/reset before headers".',
      meaning:
        `More than ${threshold} failed requests or connections per second over 2 minutes towards one upstream, from istio_requests_total response flags or Envoy's cluster counters.`,
    },
    {
      id: 'envoy-circuit-breaker-open',
      name: 'NetsplitEnvoyCircuitBreakerOpen',
      group: 'envoy',
      expr: promql`
        max by (cluster, envoy_cluster_name, breaker) (
            label_replace(envoy_cluster_circuit_breakers_default_cx_open, "breaker", "cx", "", "")
          or
            label_replace(envoy_cluster_circuit_breakers_default_rq_open, "breaker", "rq", "", "")
          or
            label_replace(envoy_cluster_circuit_breakers_default_rq_pending_open, "breaker", "rq_pending", "", "")
        ) == 1
        or
        label_replace(
          sum by (cluster, destination_service) (rate(istio_requests_total{response_flags=~"${flags(['UO'])}"}[2m])) > 0,
          "breaker", "UO", "", ""
        )`,
      for: '30s',
      severity: 'warning',
      scope: 'upstream',
      system: 'envoy',
      patterns: ['envoy-circuit-breaker-open'],
      partitionExplains: 'always',
      outputLabels: ['envoy_cluster_name | destination_service', 'breaker'],
      summary: 'Circuit breaker OPEN for {{ $labels.envoy_cluster_name }}{{ $labels.destination_service }} ({{ $labels.breaker }})',
      description:
        'An Envoy circuit breaker ({{ $labels.breaker }}) is open or requests are answered with response flag UO (upstream overflow).',
      meaning:
        'envoy_cluster_circuit_breakers_default_{cx,rq,rq_pending}_open is 1, or istio_requests_total counts UO responses. During a partition this protects callers from the far side.',
    },
  ];
}
