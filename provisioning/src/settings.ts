/**
 * Everything a deployment may want to change in the generated files, in one place — the
 * mixin's `_config`. `npm run generate -- --config my.yaml --out dir/` reads these from YAML
 * (generator-config.ts); the checked-in files are generated with DEFAULT_SETTINGS.
 */
import type { AlertSeverity } from './alerts/types';
import { parseDuration } from '../../exporter/src/config/duration';
import { version as EXPORTER_VERSION } from '../../exporter/package.json';

export type SystemName = 'etcd' | 'replication' | 'kubernetes' | 'consul' | 'envoy';

export interface GeneratorSettings {
  /**
   * Extra label matchers added to every netsplit_* selector and to `up`, e.g. `job="netsplit"`.
   * Empty by default: netsplit_* names are unique to netsplit, and the rules find the agents'
   * scrape targets through netsplit_build_info, so they hold whatever the job is called
   * (static config, PodMonitor `namespace/name`, honor_labels).
   */
  readonly selector: string;
  /** The scrape interval of the agents' job: every `for:` is a number of scrapes of it. */
  readonly scrapeInterval: string;
  /** Evaluation interval of the Prometheus rule groups (Grafana's is rounded up to 10 s). */
  readonly evaluationInterval: string;
  /** A (re)started agent is not evidence of a partition until it has run this long. */
  readonly restartGrace: string;
  /** Prefix of every runbook_url; the page path is appended (`docs/runbook/<id>.md`). */
  readonly runbookBaseUrl: string;
  /** Severity per alert name, overriding the catalog's. */
  readonly severities: Readonly<Record<string, AlertSeverity>>;
  /** Which systems' alerts, recording rules and dashboard rows are generated. */
  readonly systems: Readonly<Record<SystemName, boolean>>;
  /** Fixed uid of the Prometheus datasource that the Grafana rules and the example datasource use. */
  readonly datasourceUid: string;
  readonly datasourceName: string;
  /** Whether the example datasource is Grafana's default (two provisioned defaults stop Grafana). */
  readonly datasourceIsDefault: boolean;
  /** Prometheus URL as Grafana reaches it (docker-compose service name by default). */
  readonly prometheusUrl: string;
  /** Grafana folder holding the dashboards and the Grafana-managed rules. */
  readonly grafanaFolder: string;
  /** Where the example Alertmanager receivers and Grafana's contact point post (a webhook of yours). */
  readonly pageWebhookUrl: string;
  readonly ticketWebhookUrl: string;
  /** Clusters whose alerts never page (matched as a regex against `netsplit_cluster`). */
  readonly nonProductionClusters: string;
  /** Extra labels of the PrometheusRule resource, to match the Prometheus object's ruleSelector. */
  readonly prometheusRuleLabels: Readonly<Record<string, string>>;
  /** Extra labels of the PodMonitor resource, to match the Prometheus object's podMonitorSelector. */
  readonly podMonitorLabels: Readonly<Record<string, string>>;
  /** The exporter image the DaemonSet runs (built from the Dockerfile and pushed to your registry). */
  readonly exporterImage: string;
  /** Share of upstream requests/connections failing that makes an Envoy alert. */
  readonly envoyFailureRatio: number;
}

/** Runbook links must be absolute in a notification; this placeholder says what to set. */
export const PLACEHOLDER_RUNBOOK_BASE = 'https://runbooks.example.com/netsplit/';

export const DEFAULT_SETTINGS: GeneratorSettings = {
  selector: '',
  scrapeInterval: '15s',
  evaluationInterval: '15s',
  restartGrace: '1m',
  runbookBaseUrl: PLACEHOLDER_RUNBOOK_BASE,
  severities: {},
  systems: { etcd: true, replication: true, kubernetes: true, consul: true, envoy: true },
  datasourceUid: 'netsplit-prometheus',
  datasourceName: 'netsplit Prometheus',
  datasourceIsDefault: false,
  prometheusUrl: 'http://prometheus:9090',
  grafanaFolder: 'netsplit',
  pageWebhookUrl: 'http://127.0.0.1:5001/netsplit/page',
  ticketWebhookUrl: 'http://127.0.0.1:5001/netsplit/ticket',
  nonProductionClusters: '(dev|lab|staging|test)(-.*)?',
  prometheusRuleLabels: {},
  podMonitorLabels: {},
  exporterImage: `netsplit-exporter:${EXPORTER_VERSION}`,
  envoyFailureRatio: 0.05,
};

/** The runbook page of an alert, relative to the repository root. */
export function runbookPath(alertId: string): string {
  return `docs/runbook/${alertId}.md`;
}

export function runbookUrl(settings: GeneratorSettings, alertId: string): string {
  return `${settings.runbookBaseUrl}${runbookPath(alertId)}`;
}

/**
 * Seconds of a Prometheus duration (`15s`, `1m`, `1m30s`, `500ms`): each part through the
 * exporter's own duration parser, so the two never disagree on what a unit means.
 */
export function durationSeconds(text: string): number {
  const parts = /^(\d+(ms|s|m|h))+$/.test(text) ? (text.match(/\d+(?:ms|s|m|h)/g) ?? []) : [];
  if (parts.length === 0) throw new Error(`"${text}" is not a duration: use numbers with units, e.g. 15s, 1m, 1m30s`);
  return parts.reduce((sum, part) => sum + (parseDuration(part) ?? 0), 0) / 1000;
}

/** A whole number of seconds as Prometheus writes it: 90 → 1m30s, 60 → 1m, 45 → 45s. */
export function formatDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes === 0) return `${rest}s`;
  return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
}
