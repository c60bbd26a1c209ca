/**
 * The same rule groups as a prometheus-operator `PrometheusRule` custom resource, for
 * kube-prometheus and every Prometheus the operator runs. Its labels must match the Prometheus
 * object's `ruleSelector` (kube-prometheus-stack selects `release: <release name>` by default):
 * `prometheusRuleLabels` in the generator config.
 */
import type { GeneratorSettings } from '../settings';
import { alertRuleGroups, recordingRuleGroups } from './prometheus-rules';
import { NAMESPACE } from '../kubernetes/common';

export const PROMETHEUS_RULE_FILE = 'provisioning/kubernetes/netsplit-prometheusrule.yaml';

export function prometheusRuleResource(settings: GeneratorSettings) {
  return {
    apiVersion: 'monitoring.coreos.com/v1' as const,
    kind: 'PrometheusRule' as const,
    metadata: {
      name: 'netsplit',
      namespace: NAMESPACE,
      labels: { 'app.kubernetes.io/name': 'netsplit', 'app.kubernetes.io/component': 'alerting', ...settings.prometheusRuleLabels },
    },
    spec: { groups: [...recordingRuleGroups(settings), ...alertRuleGroups(settings)] },
  };
}
