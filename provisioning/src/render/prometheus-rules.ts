/**
 * Prometheus rule files: one recording group, one alert group per AlertGroup. The files carry
 * no paths or hosts, so any Prometheus (docker-compose, the lab) can load them as they are.
 */
import { allAlerts, type AlertDefinition, type AlertGroup } from '../alerts';
import { recordingRules } from '../recording-rules';
import type { GeneratorSettings } from '../settings';
import { annotations, staticLabels } from './alert-labels';
import { alertFor, scopedQuery } from './rule-settings';
import { toYaml } from './yaml';

export const RULES_DIR = 'provisioning/prometheus/rules';
export const RECORDING_RULES_FILE = `${RULES_DIR}/netsplit-recording.yml`;
export const ALERT_RULES_FILE = `${RULES_DIR}/netsplit-alerts.yml`;

export function groupsInOrder(alerts: readonly AlertDefinition[]): AlertGroup[] {
  return [...new Set(alerts.map((alert) => alert.group))];
}

export interface RuleGroup {
  readonly name: string;
  readonly interval: string;
  readonly rules: readonly Record<string, unknown>[];
}

export function recordingRuleGroups(settings: GeneratorSettings): RuleGroup[] {
  return [
    {
      name: 'netsplit-recording',
      interval: settings.evaluationInterval,
      rules: recordingRules(settings).map((rule) => ({ record: rule.record, expr: scopedQuery(rule.expr, settings) })),
    },
  ];
}

export function alertRuleGroups(settings: GeneratorSettings): RuleGroup[] {
  const alerts = allAlerts(settings);
  return groupsInOrder(alerts).map((group) => ({
    name: `netsplit-${group}`,
    interval: settings.evaluationInterval,
    rules: alerts
      .filter((alert) => alert.group === group)
      .map((alert) => ({
        alert: alert.name,
        expr: scopedQuery(alert.expr, settings),
        for: alertFor(alert, settings),
        labels: staticLabels(alert, settings),
        annotations: annotations(alert, settings),
      })),
  }));
}

export function recordingRulesYaml(settings: GeneratorSettings): string {
  return toYaml({ groups: recordingRuleGroups(settings) });
}

export function alertRulesYaml(settings: GeneratorSettings): string {
  return toYaml({ groups: alertRuleGroups(settings) });
}
