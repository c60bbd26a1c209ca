/**
 * Service-mesh symptoms of a partition, from Envoy's and Istio's own metrics. Both need a
 * `netsplit_cluster` label on their scrape jobs (see docs/alerts.md) so routing and inhibition work.
 */
import { promql } from '../promql';
import type { AlertDefinition } from './types';
import type { GeneratorSettings } from '../settings';

// Istio joins several response flags with commas ("URX,UF"), so match one flag among them.
const flags = (names: readonly string[]) => `(.*,)?(${names.join('|')})(,.*)?`;

export function envoyAlerts(settings: GeneratorSettings): readonly AlertDefinition[] {
  const ratio = settings.envoyFailureRatio;
  const percent = `${Math.round(ratio * 1000) / 10} %`;
  return [
    {
      id: 'envoy-upstream-failing',
      name: 'NetsplitEnvoyUpstreamFailing',
      group: 'envoy',
      // The exporter's own reading of each proxy's admin API, fused with the mesh: reason says
      // whether the failing hosts sit across the cut. Only network_cut is explained by a partition.
      expr: promql`
        label_replace(
          max by (netsplit_cluster, netsplit_node, target, upstream, reason) (netsplit_envoy_upstream_fault_reason == 1),
          "partition_explains", "true", "reason", "network_cut"
        )`,
      for: { scrapes: 3 },
      severity: 'warning',
      scope: 'upstream',
      system: 'envoy',
      patterns: ['envoy-circuit-breaker-open', 'envoy-upstream-reset'],
      partitionExplains: 'when-network-cut',
      outputLabels: ['node', 'target', 'upstream', 'reason', 'partition_explains (network_cut only)'],
      summary: 'Envoy upstream {{ $labels.upstream }} of {{ $labels.target }} on {{ $labels.netsplit_node }} is failing ({{ $labels.reason }})',
      description:
        'The proxy {{ $labels.target }} on {{ $labels.netsplit_node }} has an open circuit breaker or unhealthy/ejected hosts towards {{ $labels.upstream }}. Reason: {{ $labels.reason }} — ' +
        'network_cut: every failing host runs on a node across the cut, the partition explains it; service_fault: the hosts\' nodes are reachable, the service itself is failing; ' +
        'mixed: some of each; unknown: hosts netsplit cannot place on nodes.',
      meaning:
        'netsplit reads each proxy\'s admin API (/clusters, /stats) and places the upstream hosts on mesh nodes by address (netsplit_envoy_upstream_fault_reason). ' +
        'Only series with reason="network_cut" carry partition_explains="true": an upstream that fails with its hosts reachable stays loud during a partition — that is a real fault.',
      where: ['netsplit_envoy_upstream_fault_reason', 'netsplit_envoy_circuit_breaker_open', 'netsplit_envoy_upstream_hosts{state="ejected"}', 'the proxy\'s admin API: /clusters?format=json'],
      action:
        'network_cut: route callers to the side that holds the upstream\'s hosts and wait for the network; do not raise breaker thresholds. ' +
        'service_fault: the hosts are reachable — look at the upstream service itself (its logs, its own dependencies) before the network.',
      command: 'curl -s http://127.0.0.1:15000/clusters | grep -E "$UPSTREAM::.*(health_flags|cx_connect_fail)"',
    },
    {
      id: 'envoy-upstream-failures',
      name: 'NetsplitEnvoyUpstreamFailures',
      group: 'envoy',
      // A ratio of the upstream's own traffic: three failures a minute on a busy service are
      // noise, the same three on an idle one are everything it got.
      expr: promql`
        (
            sum by (netsplit_cluster, destination_service) (rate(istio_requests_total{response_flags=~"${flags(['UF', 'UC', 'URX'])}"}[2m]))
          /
            sum by (netsplit_cluster, destination_service) (rate(istio_requests_total[2m]))
        ) > ${ratio}
        or
        (
            sum by (netsplit_cluster, envoy_cluster_name) (
              rate(envoy_cluster_upstream_cx_connect_fail[2m]) + rate(envoy_cluster_upstream_rq_pending_failure_eject[2m])
            )
          /
            sum by (netsplit_cluster, envoy_cluster_name) (rate(envoy_cluster_upstream_cx_total[2m]))
        ) > ${ratio}`,
      for: { scrapes: 8, atLeast: '2m' },
      severity: 'warning',
      scope: 'upstream',
      system: 'envoy',
      patterns: ['envoy-upstream-reset', 'envoy-upstream-failure-flag'],
      partitionExplains: 'always',
      outputLabels: ['destination_service | envoy_cluster_name'],
      summary: 'Envoy upstream failures to {{ $labels.destination_service }}{{ $labels.envoy_cluster_name }} in {{ $labels.netsplit_cluster }}',
      description:
        'More than ' + percent + ' of the requests or connections towards one upstream fail at the connection (response flags UF/UC/URX, or connect failures and pending-request ejections): clients see ' +
        '"upstream connect error or disconnect/reset before headers".',
      meaning:
        `More than ${percent} of the upstream's requests (istio_requests_total) or connections (envoy_cluster_upstream_cx_total) failed over 2 minutes, sustained for 2 minutes. ` +
        'A warning: a partition that causes it pages through NetsplitPartitionDetected, which inhibits this one.',
    },
    {
      id: 'envoy-circuit-breaker-open',
      name: 'NetsplitEnvoyCircuitBreakerOpen',
      group: 'envoy',
      expr: promql`
        max by (netsplit_cluster, envoy_cluster_name, breaker) (
            label_replace(envoy_cluster_circuit_breakers_default_cx_open, "breaker", "cx", "", "")
          or
            label_replace(envoy_cluster_circuit_breakers_default_rq_open, "breaker", "rq", "", "")
          or
            label_replace(envoy_cluster_circuit_breakers_default_rq_pending_open, "breaker", "rq_pending", "", "")
        ) == 1
        or
        label_replace(
          sum by (netsplit_cluster, destination_service) (rate(istio_requests_total{response_flags=~"${flags(['UO'])}"}[2m])) > 0,
          "breaker", "UO", "", ""
        )`,
      for: { scrapes: 6 },
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
