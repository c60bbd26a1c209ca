/**
 * The agent on every node: a DaemonSet on the host network (heartbeats take the paths the
 * node's own traffic takes; a pod overlay could hide a partition or add one of its own), with
 * the namespace, priority, identity, config and headless Service it needs.
 */
import type { INamespace } from 'kubernetes-models/v1/Namespace' with { 'resolution-mode': 'import' };
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap' with { 'resolution-mode': 'import' };
import type { IService } from 'kubernetes-models/v1/Service' with { 'resolution-mode': 'import' };
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount' with { 'resolution-mode': 'import' };
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet' with { 'resolution-mode': 'import' };
import type { IPriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass' with { 'resolution-mode': 'import' };
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole' with { 'resolution-mode': 'import' };
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding' with { 'resolution-mode': 'import' };
import type { GeneratorSettings } from '../settings';
import { agentConfigYaml } from './agent-config';
import {
  CONFIG_DIR,
  CONFIG_KEY,
  CONFIG_MAP_NAME,
  EXPORTER_LABELS,
  EXPORTER_NAME,
  EXPORTER_PORT,
  EXPORTER_SELECTOR,
  HEARTBEAT_PORT_NAME,
  HTTP_PORT_NAME,
  NAMESPACE,
  PART_OF,
  PRIORITY_CLASS_NAME,
  RUN_AS_USER,
  SECRET_DIR,
  SECRET_NAME,
} from './common';

export function namespace(): INamespace {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE, labels: { ...PART_OF } } };
}

/**
 * Above ordinary workloads so that a full node evicts them first: a node without its agent
 * reads as down. Below the system-*-critical classes, which Kubernetes keeps for kube-system.
 */
export function priorityClass(): IPriorityClass {
  return {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: PRIORITY_CLASS_NAME, labels: { ...PART_OF } },
    value: 1_000_000,
    globalDefault: false,
    description: 'netsplit agents: one per node; a node without its agent reads as down to the others.',
  };
}

export function serviceAccount(): IServiceAccount {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: EXPORTER_NAME, namespace: NAMESPACE, labels: { ...EXPORTER_LABELS } } };
}

/** Read-only access to Node objects (names, addresses, zones, cordons), for discovery from the API. Nothing else. */
export function clusterRole(): IClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: EXPORTER_NAME, labels: { ...EXPORTER_LABELS } },
    rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }],
  };
}

export function clusterRoleBinding(): IClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: EXPORTER_NAME, labels: { ...EXPORTER_LABELS } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: EXPORTER_NAME },
    subjects: [{ kind: 'ServiceAccount', name: EXPORTER_NAME, namespace: NAMESPACE }],
  };
}

export function agentConfigMap(): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CONFIG_MAP_NAME, namespace: NAMESPACE, labels: { ...EXPORTER_LABELS } },
    data: { [CONFIG_KEY]: agentConfigYaml() },
  };
}

/**
 * Headless: one DNS record per agent, the name DNS discovery resolves. Not-ready agents stay
 * listed — an agent that is cut off is not ready, and dropping it from the answer would shrink
 * the membership exactly when a partition must not.
 */
export function headlessService(): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: EXPORTER_NAME, namespace: NAMESPACE, labels: { ...EXPORTER_LABELS } },
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { ...EXPORTER_SELECTOR },
      ports: [
        { name: HTTP_PORT_NAME, port: EXPORTER_PORT, targetPort: HTTP_PORT_NAME, protocol: 'TCP' },
        { name: HEARTBEAT_PORT_NAME, port: EXPORTER_PORT, targetPort: HEARTBEAT_PORT_NAME, protocol: 'UDP' },
      ],
    },
  };
}

/**
 * Secret files group-readable by fsGroup and by no one else (0440): the agent warns about a
 * world-readable secret and the image's user is not root. Written in decimal: YAML octal
 * literals are read differently by different YAML versions.
 */
export const SECRET_FILE_MODE = 0o440;

export function agentDaemonSet(settings: GeneratorSettings): IDaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: EXPORTER_NAME, namespace: NAMESPACE, labels: { ...EXPORTER_LABELS } },
    spec: {
      selector: { matchLabels: { ...EXPORTER_SELECTOR } },
      // One node at a time: the generated rules treat a restarting agent as settling, not as a partition.
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: { ...EXPORTER_LABELS } },
        spec: {
          serviceAccountName: EXPORTER_NAME,
          priorityClassName: PRIORITY_CLASS_NAME,
          hostNetwork: true,
          // With hostNetwork the node's resolver is used unless this is set: cluster names must resolve.
          dnsPolicy: 'ClusterFirstWithHostNet',
          // Every node, tainted ones (control plane, dedicated pools, NotReady) included: a node
          // without an agent cannot be told from a node that is cut off.
          tolerations: [{ operator: 'Exists' }],
          securityContext: { runAsNonRoot: true, runAsUser: RUN_AS_USER, runAsGroup: RUN_AS_USER, fsGroup: RUN_AS_USER, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: EXPORTER_NAME,
              image: settings.exporterImage,
              imagePullPolicy: 'IfNotPresent',
              args: ['--config', `${CONFIG_DIR}/${CONFIG_KEY}`],
              env: [{ name: 'NETSPLIT_NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
              ports: [
                { name: HTTP_PORT_NAME, containerPort: EXPORTER_PORT, protocol: 'TCP' },
                { name: HEARTBEAT_PORT_NAME, containerPort: EXPORTER_PORT, protocol: 'UDP' },
              ],
              // /readyz answers 200 after the first full round of heartbeats; /healthz while the process serves.
              readinessProbe: { httpGet: { path: '/readyz', port: HTTP_PORT_NAME }, periodSeconds: 2, failureThreshold: 3 },
              livenessProbe: { httpGet: { path: '/healthz', port: HTTP_PORT_NAME }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
              // Measured: 98-125 MiB RSS with 200 peers (docs/benchmarks.md). No CPU limit: throttling
              // delays heartbeats, and delayed heartbeats read as a partition.
              resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
              securityContext: {
                runAsNonRoot: true,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                { name: 'secret', mountPath: SECRET_DIR, readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: CONFIG_MAP_NAME } },
            { name: 'secret', secret: { secretName: SECRET_NAME, defaultMode: SECRET_FILE_MODE } },
            { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
          ],
        },
      },
    },
  };
}
