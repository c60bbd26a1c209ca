/**
 * The Kubernetes manifests, file by file. `kubectl apply -f provisioning/kubernetes/` applies
 * the files of the folder in name order, so the Namespace leads the first of them; the
 * subfolders (the Secret template, the optional NetworkPolicy) are only applied by name.
 */
import { dashboards } from '../dashboards/all';
import { PROMETHEUS_RULE_FILE, prometheusRuleResource } from '../render/prometheus-rule-resource';
import { toYamlDocuments } from '../render/yaml';
import type { GeneratorSettings } from '../settings';
import { agentConfigMap, agentDaemonSet, clusterRole, clusterRoleBinding, headlessService, namespace, priorityClass, serviceAccount } from './agent';
import { dashboardConfigMap, podMonitor } from './monitoring';
import { networkPolicy, secretTemplate } from './optional';

export const KUBERNETES_DIR = 'provisioning/kubernetes';
export const AGENT_FILE = `${KUBERNETES_DIR}/netsplit-agent.yaml`;
export const DASHBOARDS_FILE = `${KUBERNETES_DIR}/netsplit-dashboards.yaml`;
export const POD_MONITOR_FILE = `${KUBERNETES_DIR}/netsplit-podmonitor.yaml`;
export const SECRET_TEMPLATE_FILE = `${KUBERNETES_DIR}/templates/netsplit-secret.yaml`;
export const NETWORK_POLICY_FILE = `${KUBERNETES_DIR}/optional/netsplit-networkpolicy.yaml`;

/** Every manifest file as path → resources, in apply order within a file. */
export function kubernetesResources(settings: GeneratorSettings): Map<string, readonly object[]> {
  return new Map<string, readonly object[]>([
    [AGENT_FILE, [namespace(), priorityClass(), serviceAccount(), clusterRole(), clusterRoleBinding(), agentConfigMap(), headlessService(), agentDaemonSet(settings)]],
    [DASHBOARDS_FILE, dashboards(settings).map((dashboard) => dashboardConfigMap(dashboard, settings))],
    [POD_MONITOR_FILE, [podMonitor(settings)]],
    [PROMETHEUS_RULE_FILE, [prometheusRuleResource(settings)]],
    [SECRET_TEMPLATE_FILE, [secretTemplate()]],
    [NETWORK_POLICY_FILE, [networkPolicy()]],
  ]);
}

export function kubernetesFiles(settings: GeneratorSettings): Map<string, string> {
  return new Map([...kubernetesResources(settings)].map(([path, resources]) => [path, toYamlDocuments(resources)]));
}
