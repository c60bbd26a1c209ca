/**
 * The Kubernetes API server probe's metrics, declared once (docs/metrics.md § Kubernetes). The
 * registry already carries the netsplit_cluster and netsplit_node labels. Self-contained so the
 * declarations can move into one contract module unchanged.
 */
import { Gauge, type Registry } from 'prom-client';

const TARGET = ['target'] as const;

/** `fillCountdowns` runs at each scrape, before the countdown gauges are rendered (they depend on now). */
export function createKubernetesMetrics(registry: Registry, fillCountdowns?: () => void) {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], collect?: () => void) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry], ...(collect ? { collect } : {}) });
  return {
    reachable: gauge('netsplit_kubernetes_apiserver_reachable', '1 when the API server answered /readyz from this node within the deadline (any HTTP status), 0 when it did not.', TARGET),
    ready: gauge('netsplit_kubernetes_apiserver_ready', '1 when /readyz?verbose answered 200, 0 when it listed failing checks (absent while unreachable).', TARGET),
    live: gauge('netsplit_kubernetes_apiserver_live', '1 when /livez answered 200, 0 otherwise (absent while unreachable).', TARGET),
    checkOk: gauge('netsplit_kubernetes_readyz_check_ok', '1 per readiness check /readyz?verbose lists as ok, 0 per failing one (etcd among them); absent while unreachable.', ['target', 'check']),
    unreachableSeconds: gauge('netsplit_kubernetes_apiserver_unreachable_seconds', 'Seconds since this node last reached the API server (0 while it does): what its kubelet is likely missing too.', TARGET, fillCountdowns),
    notReadyInSeconds: gauge('netsplit_kubernetes_node_not_ready_in_seconds', 'While the API server is unreachable: seconds until the node lifecycle controller marks nodes on this side NotReady (nodeMonitorGracePeriod minus time unreachable, at least 0).', TARGET),
    evictionInSeconds: gauge('netsplit_kubernetes_pod_eviction_in_seconds', 'While the API server is unreachable: seconds until pods on this side are evicted (nodeMonitorGracePeriod + podEvictionTimeout minus time unreachable, at least 0).', TARGET),
    gracePeriodSeconds: gauge('netsplit_kubernetes_node_monitor_grace_period_seconds', 'The configured nodeMonitorGracePeriod (kube-controller-manager --node-monitor-grace-period).', TARGET),
    evictionTimeoutSeconds: gauge('netsplit_kubernetes_pod_eviction_timeout_seconds', 'The configured podEvictionTimeout (unreachable toleration: --default-unreachable-toleration-seconds).', TARGET),
    probeDuration: gauge('netsplit_kubernetes_probe_duration_seconds', 'Duration of the last probe of the API server (/readyz?verbose and /livez in parallel).', TARGET),
  };
}

export type KubernetesMetrics = ReturnType<typeof createKubernetesMetrics>;
