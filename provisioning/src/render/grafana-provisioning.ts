/** Grafana's datasource (fixed uid) and the file provider that loads dashboards/. */
import type { GeneratorSettings } from '../settings';
import { toYaml } from './yaml';

export const DATASOURCE_FILE = 'provisioning/grafana/datasources/netsplit-prometheus.yaml';
export const DASHBOARD_PROVIDER_FILE = 'provisioning/grafana/dashboards/netsplit.yaml';
/** Where docker-compose mounts dashboards/ inside the Grafana container. */
export const DASHBOARDS_MOUNT = '/var/lib/grafana/dashboards/netsplit';

export function datasourceYaml(settings: GeneratorSettings): string {
  return toYaml({
    apiVersion: 1,
    datasources: [
      {
        name: settings.datasourceName,
        uid: settings.datasourceUid,
        type: 'prometheus',
        access: 'proxy',
        url: settings.prometheusUrl,
        isDefault: settings.datasourceIsDefault,
        editable: false,
        jsonData: { timeInterval: settings.scrapeInterval, httpMethod: 'POST' },
      },
    ],
  });
}

export function dashboardProviderYaml(settings: GeneratorSettings): string {
  return toYaml({
    apiVersion: 1,
    providers: [
      {
        name: 'netsplit',
        orgId: 1,
        folder: settings.grafanaFolder,
        type: 'file',
        disableDeletion: false,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path: DASHBOARDS_MOUNT, foldersFromFilesStructure: false },
      },
    ],
  });
}
