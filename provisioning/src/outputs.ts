/**
 * Every generated file, as path → content. Pure: the stale-file test regenerates in memory and
 * compares; generate.ts writes the same map to disk.
 */
import { allAlerts } from './alerts';
import { dashboards } from './dashboards/all';
import type { Dashboard } from './dashboards/model';
import { ALERTMANAGER_FILE, ALERTMANAGER_FRAGMENT_FILE, alertmanagerFragmentYaml, alertmanagerYaml } from './render/alertmanager';
import { alertsDoc } from './render/alerts-doc';
import { METRICS_DOC_FILE, metricsDoc } from './render/metrics-doc';
import { COMPOSE_EXPORTER_CONFIG, COMPOSE_FILE, composeExporterConfigYaml, composeYaml, PROMETHEUS_CONFIG_FILE, prometheusConfigYaml } from './render/compose';
import {
  GRAFANA_CONTACT_POINTS_FILE,
  GRAFANA_POLICIES_FILE,
  GRAFANA_RULES_FILE,
  grafanaContactPointsYaml,
  grafanaPoliciesYaml,
  grafanaRulesYaml,
} from './render/grafana-alerting';
import { DASHBOARD_PROVIDER_FILE, DATASOURCE_FILE, dashboardProviderYaml, datasourceYaml } from './render/grafana-provisioning';
import { ALERT_RULES_FILE, alertRulesYaml, RECORDING_RULES_FILE, recordingRulesYaml } from './render/prometheus-rules';
import { kubernetesFiles } from './kubernetes/manifests';
import { runbookPage } from './render/runbook';
import { RULE_TEST_FILE, ruleTestYaml } from './rule-tests/render';
import { runbookPath, type GeneratorSettings } from './settings';

export const ALERTS_DOC_FILE = 'docs/alerts.md';

export { dashboards };

export function dashboardFile(dashboard: Dashboard): string {
  return `dashboards/${dashboard.uid}.json`;
}

/**
 * Paths are relative to the repository root. The promtool unit tests are written for the
 * checked-in bundle's scenarios (15 s scrapes, every system on): a user's own config gets the
 * rules without them (`ruleTests: false`).
 */
export function generateAll(settings: GeneratorSettings, options: { ruleTests?: boolean } = {}): Map<string, string> {
  const files = new Map<string, string>([
    [RECORDING_RULES_FILE, recordingRulesYaml(settings)],
    [ALERT_RULES_FILE, alertRulesYaml(settings)],
    [PROMETHEUS_CONFIG_FILE, prometheusConfigYaml(settings)],
    [ALERTMANAGER_FILE, alertmanagerYaml(settings)],
    [ALERTMANAGER_FRAGMENT_FILE, alertmanagerFragmentYaml(settings)],
    [DATASOURCE_FILE, datasourceYaml(settings)],
    [DASHBOARD_PROVIDER_FILE, dashboardProviderYaml(settings)],
    [GRAFANA_RULES_FILE, grafanaRulesYaml(settings)],
    [GRAFANA_CONTACT_POINTS_FILE, grafanaContactPointsYaml(settings)],
    [GRAFANA_POLICIES_FILE, grafanaPoliciesYaml(settings)],
    [COMPOSE_FILE, composeYaml(settings)],
    [COMPOSE_EXPORTER_CONFIG, composeExporterConfigYaml()],
    [ALERTS_DOC_FILE, alertsDoc(settings)],
    [METRICS_DOC_FILE, metricsDoc()],
  ]);
  if (options.ruleTests !== false) files.set(RULE_TEST_FILE, ruleTestYaml(settings));
  for (const [path, content] of kubernetesFiles(settings)) files.set(path, content);
  for (const dashboard of dashboards(settings)) files.set(dashboardFile(dashboard), `${JSON.stringify(dashboard, null, 2)}\n`);
  for (const alert of allAlerts(settings)) files.set(runbookPath(alert.id), runbookPage(alert, settings));
  return files;
}
