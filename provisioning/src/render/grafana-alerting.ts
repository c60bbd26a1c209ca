/**
 * Grafana-managed alert rules mirroring the Prometheus ones (same names, labels, annotations,
 * `for`), with the inhibitions folded into the queries; plus a contact point and the
 * notification policy that routes like Alertmanager does.
 */
import { allAlerts } from '../alerts';
import { GROUP_BY } from '../routing';
import type { GeneratorSettings } from '../settings';
import { annotations, staticLabels } from './alert-labels';
import { alertFor, grafanaInterval } from './rule-settings';
import { guardedExpr } from './grafana-guards';
import { groupsInOrder } from './prometheus-rules';
import { toYaml } from './yaml';

export const GRAFANA_RULES_FILE = 'provisioning/grafana/alerting/netsplit-rules.yaml';
export const GRAFANA_CONTACT_POINTS_FILE = 'provisioning/grafana/alerting/netsplit-contact-points.yaml';
/**
 * Opt-in, outside the alerting folder Grafana loads: a provisioned policy tree replaces the whole
 * notification policy tree of the organisation, the user's own routes included.
 */
export const GRAFANA_POLICIES_FILE = 'provisioning/grafana/optional/netsplit-policies.yaml';
export const GRAFANA_CONTACT_POINT = 'netsplit-oncall';

export function grafanaRuleUid(alertId: string): string {
  return `netsplit-${alertId}`;
}

export function grafanaRulesYaml(settings: GeneratorSettings): string {
  const alerts = allAlerts(settings);
  const byName = new Map(alerts.map((alert) => [alert.name, alert]));
  return toYaml({
    apiVersion: 1,
    groups: groupsInOrder(alerts).map((group) => ({
      orgId: 1,
      name: `netsplit-${group}`,
      folder: settings.grafanaFolder,
      interval: grafanaInterval(settings),
      rules: alerts
        .filter((alert) => alert.group === group)
        .map((alert) => ({
          uid: grafanaRuleUid(alert.id),
          title: alert.name,
          condition: 'B',
          data: [
            {
              refId: 'A',
              relativeTimeRange: { from: 600, to: 0 },
              datasourceUid: settings.datasourceUid,
              model: {
                refId: 'A',
                datasource: { type: 'prometheus', uid: settings.datasourceUid },
                expr: guardedExpr(alert, byName, settings),
                instant: true,
                range: false,
                intervalMs: 1000,
                maxDataPoints: 43200,
              },
            },
            {
              refId: 'B',
              relativeTimeRange: { from: 0, to: 0 },
              datasourceUid: '__expr__',
              model: {
                refId: 'B',
                datasource: { type: '__expr__', uid: '__expr__' },
                type: 'threshold',
                expression: 'A',
                conditions: [{ evaluator: { type: 'gt', params: [0] } }],
              },
            },
          ],
          // No series means healthy: every query returns only the series that fire.
          noDataState: 'OK',
          execErrState: 'Error',
          for: alertFor(alert, settings),
          labels: { ...staticLabels(alert, settings) },
          annotations: annotations(alert, settings),
          isPaused: false,
        })),
    })),
  });
}

export function grafanaContactPointsYaml(settings: GeneratorSettings): string {
  return toYaml({
    apiVersion: 1,
    contactPoints: [
      {
        orgId: 1,
        name: GRAFANA_CONTACT_POINT,
        receivers: [
          {
            uid: 'netsplit-oncall-webhook',
            type: 'webhook',
            settings: { url: settings.pageWebhookUrl, httpMethod: 'POST' },
            disableResolveMessage: false,
          },
        ],
      },
    ],
  });
}

export function grafanaPoliciesYaml(settings: GeneratorSettings): string {
  return toYaml({
    apiVersion: 1,
    policies: [
      {
        orgId: 1,
        receiver: GRAFANA_CONTACT_POINT,
        group_by: ['grafana_folder', ...GROUP_BY],
        group_wait: '10s',
        group_interval: '1m',
        repeat_interval: '4h',
        routes: [
          {
            receiver: GRAFANA_CONTACT_POINT,
            object_matchers: [['netsplit_cluster', '=~', settings.nonProductionClusters]],
            repeat_interval: '24h',
          },
          {
            receiver: GRAFANA_CONTACT_POINT,
            object_matchers: [['severity', '=', 'critical']],
            group_wait: '0s',
            repeat_interval: '1h',
          },
        ],
      },
    ],
  });
}
