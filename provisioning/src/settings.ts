/**
 * Everything a deployment may want to change in the generated files, in one place. The
 * checked-in files are generated with DEFAULT_SETTINGS; `npm run generate -- --runbook-base URL`
 * changes only the runbook links.
 */
export interface GeneratorSettings {
  /** Prefix of every runbook_url; the page path is appended (`docs/runbook/<id>.md`). */
  readonly runbookBaseUrl: string;
  /** Fixed uid of the Prometheus datasource that every dashboard and Grafana rule refers to. */
  readonly datasourceUid: string;
  readonly datasourceName: string;
  /** Prometheus URL as Grafana reaches it (docker-compose service name by default). */
  readonly prometheusUrl: string;
  /** Scrape job name of the netsplit agents: `up{job=...}` tells an exporter is down. */
  readonly exporterJob: string;
  /** Evaluation interval of every rule group (Prometheus and Grafana). */
  readonly evaluationInterval: string;
  /** Grafana folder holding the dashboards and the Grafana-managed rules. */
  readonly grafanaFolder: string;
  /** Where Alertmanager's receivers and Grafana's contact point post (a webhook of yours). */
  readonly pageWebhookUrl: string;
  readonly ticketWebhookUrl: string;
  /** Clusters whose alerts never page (matched as a regex against the `cluster` label). */
  readonly nonProductionClusters: string;
  /** Envoy/Istio upstream failures per second, summed per upstream, that make an alert. */
  readonly envoyFailuresPerSecond: number;
}

export const DEFAULT_SETTINGS: GeneratorSettings = {
  runbookBaseUrl: '',
  datasourceUid: 'netsplit-prometheus',
  datasourceName: 'netsplit Prometheus',
  prometheusUrl: 'http://prometheus:9090',
  exporterJob: 'netsplit',
  evaluationInterval: '5s',
  grafanaFolder: 'netsplit',
  pageWebhookUrl: 'http://127.0.0.1:5001/netsplit/page',
  ticketWebhookUrl: 'http://127.0.0.1:5001/netsplit/ticket',
  nonProductionClusters: '(dev|lab|staging|test)(-.*)?',
  envoyFailuresPerSecond: 0.05,
};

/** The runbook page of an alert, relative to the repository root. */
export function runbookPath(alertId: string): string {
  return `docs/runbook/${alertId}.md`;
}

export function runbookUrl(settings: GeneratorSettings, alertId: string): string {
  return `${settings.runbookBaseUrl}${runbookPath(alertId)}`;
}
