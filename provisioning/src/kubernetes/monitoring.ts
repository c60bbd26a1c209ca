/**
 * What kube-prometheus picks up: a PodMonitor for the agents (the PrometheusRule is
 * render/prometheus-rule-resource.ts) and the dashboards as ConfigMaps for Grafana's dashboard
 * sidecar, which loads every ConfigMap labelled grafana_dashboard: "1" in the namespaces it watches.
 */
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap' with { 'resolution-mode': 'import' };
import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor' with { 'resolution-mode': 'import' };
import type { Dashboard } from '../dashboards/model';
import type { GeneratorSettings } from '../settings';
import { EXPORTER_LABELS, EXPORTER_NAME, EXPORTER_SELECTOR, HTTP_PORT_NAME, NAMESPACE, PART_OF } from './common';

export function podMonitor(settings: GeneratorSettings): IPodMonitor {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: EXPORTER_NAME, namespace: NAMESPACE, labels: { ...EXPORTER_LABELS, ...settings.podMonitorLabels } },
    spec: {
      selector: { matchLabels: { ...EXPORTER_SELECTOR } },
      // Every `for:` of the generated rules counts scrapes of this interval.
      podMetricsEndpoints: [{ port: HTTP_PORT_NAME, path: '/metrics', interval: settings.scrapeInterval }],
    },
  };
}

/** The sidecar's default label; grafana_folder is the folder annotation of Grafana's Helm chart. */
export const DASHBOARD_LABEL = 'grafana_dashboard';

export function dashboardConfigMap(dashboard: Dashboard, settings: GeneratorSettings): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${dashboard.uid}-dashboard`,
      namespace: NAMESPACE,
      labels: { [DASHBOARD_LABEL]: '1', ...PART_OF },
      annotations: { grafana_folder: settings.grafanaFolder },
    },
    data: { [`${dashboard.uid}.json`]: `${JSON.stringify(dashboard, null, 2)}\n` },
  };
}
