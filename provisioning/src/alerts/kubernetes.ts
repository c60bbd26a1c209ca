/**
 * Alerts on the Kubernetes API server as each agent reaches it. The first one is the fusion no
 * other tool gives: a node whose agent cannot reach the API server has a kubelet that likely
 * cannot either, so Kubernetes will call it NotReady and evict its pods on its own schedule.
 */
import { promql } from '../promql';
import type { AlertDefinition } from './types';

/** The controller timeouts the exporter assumes unless configured (docs/configuration.md). */
export const KUBERNETES_TIMELINE =
  'the node lifecycle controller marks its nodes NotReady once their kubelets have been silent for the node-monitor grace period ' +
  '(kube-controller-manager --node-monitor-grace-period, 40 s by default; 50 s from Kubernetes 1.32) and evicts their pods after the unreachable toleration ' +
  '(300 s by default: --default-unreachable-toleration-seconds, formerly --pod-eviction-timeout 5m0s)';

export const KUBERNETES_ALERTS: readonly AlertDefinition[] = [
  {
    id: 'apiserver-unreachable',
    name: 'NetsplitKubernetesApiServerUnreachable',
    group: 'kubernetes',
    expr: promql`
      (max by (netsplit_cluster, netsplit_node, target) (netsplit_kubernetes_apiserver_reachable) == 0)
      unless on (netsplit_cluster, netsplit_node) netsplit:agent_settling:bool`,
    for: { scrapes: 2 },
    severity: 'warning',
    // The path from this node to the control plane: no partition or quorum alert silences it.
    scope: 'link',
    system: 'kubernetes',
    patterns: [],
    partitionExplains: 'never',
    outputLabels: ['node', 'target'],
    summary: 'Node {{ $labels.netsplit_node }} cannot reach the Kubernetes API server {{ $labels.target }}: its pods will be evicted',
    description:
      'The agent on {{ $labels.netsplit_node }} gets no answer from the API server {{ $labels.target }}; its kubelet is most likely cut off too, so ' +
      KUBERNETES_TIMELINE +
      '. netsplit_kubernetes_node_not_ready_in_seconds and netsplit_kubernetes_pod_eviction_in_seconds on this agent count down to both moments with the configured values.',
    meaning:
      'netsplit_kubernetes_apiserver_reachable is 0: /readyz timed out, was refused or did not route (a 401/403 or a 500 still counts as reachable). ' +
      'Not inhibited by a partition: which side loses the control plane is exactly what the partition page does not say. During a partition it fires on the side cut from the API server.',
    where: ['netsplit_kubernetes_apiserver_reachable', 'netsplit_kubernetes_pod_eviction_in_seconds', 'kubectl get nodes -o wide (from the other side)'],
    action:
      'Find which side holds the API server (the overview dashboard, Kubernetes row). If the cut will outlast the eviction timeout, decide now: cordon and drain deliberately, ' +
      'or raise the pods\' tolerationSeconds for node.kubernetes.io/unreachable so stateful pods are not rescheduled onto the majority while their old copies still run here.',
    command: 'kubectl get nodes -o wide; kubectl get --raw="/readyz?verbose"; kubectl cluster-info',
  },
  {
    id: 'apiserver-check-failing',
    name: 'NetsplitKubernetesApiServerCheckFailing',
    group: 'kubernetes',
    expr: promql`min by (netsplit_cluster, target, check) (netsplit_kubernetes_readyz_check_ok) == 0`,
    for: { scrapes: 2 },
    severity: 'warning',
    scope: 'member',
    system: 'kubernetes',
    patterns: [],
    partitionExplains: 'always',
    outputLabels: ['target', 'check'],
    summary: 'Kubernetes API server {{ $labels.target }} is not ready: readiness check {{ $labels.check }} fails',
    description:
      'The API server {{ $labels.target }} answers /readyz?verbose with "[-]{{ $labels.check }} failed" to at least one agent. ' +
      'check="etcd": the API server cannot reach a quorum of its etcd — reads may still be served from its cache, writes fail.',
    meaning:
      'An agent reached the API server and it listed a failing readiness check (netsplit_kubernetes_readyz_check_ok = 0). During a partition an API server on the etcd minority fails its etcd check: ' +
      'the partition explains it (partition_explains="true").',
    where: ['netsplit_kubernetes_readyz_check_ok', 'kube-apiserver logs', 'netsplit_etcd_quorum'],
    action: 'check="etcd": check etcd quorum (NetsplitEtcdQuorumLost) and connectivity from the API server to the etcd members; other checks: read the API server\'s log for the named post-start hook.',
    command: 'kubectl get --raw="/readyz?verbose"; etcdctl --endpoints=$ENDPOINTS endpoint status --write-out=table',
  },
];
