/**
 * When a side that cannot reach the Kubernetes API server will feel it. Pure.
 *
 * A kubelet that cannot reach the API server stops renewing its node's lease and status. The node
 * lifecycle controller (kube-controller-manager) marks the node NotReady (condition Unknown) once
 * nothing arrived for `--node-monitor-grace-period` (40 s through Kubernetes 1.31, 50 s from 1.32), then taints it `node.kubernetes.io/unreachable`;
 * pods without a longer toleration are evicted once the toleration runs out (the DefaultTolerationSeconds
 * admission plugin's `--default-unreachable-toleration-seconds`, 300 s; before taint-based eviction,
 * `--pod-eviction-timeout`, 5m0s). The agent on the node stands in for its kubelet: the time since
 * it last reached the API server is the time the kubelet has likely been silent.
 */

export interface ControlPlaneTimeline {
  /** Milliseconds until nodes on this side read NotReady (0: they do by now). */
  notReadyInMs: number;
  /** Milliseconds until their pods are evicted (0: they are being evicted). */
  evictionInMs: number;
}

/** `unreachableForMs`: how long this node has not reached the API server (0 while it does). */
export function controlPlaneTimeline(unreachableForMs: number, gracePeriodMs: number, evictionTimeoutMs: number): ControlPlaneTimeline {
  const elapsed = Math.max(0, unreachableForMs);
  return {
    notReadyInMs: Math.max(0, gracePeriodMs - elapsed),
    evictionInMs: Math.max(0, gracePeriodMs + evictionTimeoutMs - elapsed),
  };
}
