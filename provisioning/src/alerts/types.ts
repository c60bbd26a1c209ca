/**
 * One alert, written once and rendered four ways: a Prometheus alerting rule, a Grafana-managed
 * rule (with the partition guards folded into its query), a runbook page and a row of
 * docs/alerts.md. Its inhibition relations live in inhibitions.ts, matched on its labels.
 */
export const ALERT_SEVERITIES = ['critical', 'warning'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/**
 * What the alert is about. Inhibition matches on it: partition and quorum-loss alerts (scope
 * cluster) silence the member-, replica- and link-level alerts they explain.
 */
export type AlertScope = 'cluster' | 'node' | 'link' | 'member' | 'replica' | 'upstream' | 'exporter';

/**
 * Whether an active partition explains the alert:
 * - always: the alert carries `partition_explains="true"` as a static label;
 * - when-network-cut: the query sets `partition_explains="true"` on the series whose
 *   `reason` is `network_cut` (the exporter fused the link with the mesh), not on the others;
 * - never: the alert is news even during a partition.
 */
export type PartitionExplains = 'always' | 'when-network-cut' | 'never';

/**
 * A `for:` as a number of scrapes, so the rules hold at any scrape interval: a condition seen in
 * one scrape can be a restart or a lost packet, the same condition in n scrapes cannot.
 * `atLeast` is a floor in wall time for alerts about processes (an agent restart takes seconds).
 */
export interface AlertFor {
  readonly scrapes: number;
  readonly atLeast?: string;
}

export type AlertGroup = 'mesh' | 'etcd' | 'replication' | 'kubernetes' | 'consul' | 'envoy' | 'exporter';

export interface AlertDefinition {
  /** kebab-case: runbook page name and Grafana rule uid suffix. */
  readonly id: string;
  /** Prometheus alertname, CamelCase with the Netsplit prefix. */
  readonly name: string;
  readonly group: AlertGroup;
  /** PromQL; every series it returns is one alert. Labels it returns must include `netsplit_cluster`. */
  readonly expr: string;
  /** How long the condition must hold, in scrapes of the agents' job (settings.scrapeInterval). */
  readonly for: AlertFor;
  readonly severity: AlertSeverity;
  readonly scope: AlertScope;
  /** Static `system` label for system-level alerts (etcd, mysql, postgres, redis, kubernetes, consul, envoy). */
  readonly system?: string;
  /** Catalog pattern ids this alert stands for (exporter/src/patterns/catalog.ts). */
  readonly patterns: readonly string[];
  readonly partitionExplains: PartitionExplains;
  /** Labels the query returns beyond netsplit_cluster, as documentation (docs/alerts.md, runbook pages). */
  readonly outputLabels: readonly string[];
  /** One line; may use {{ $labels.<name> }} only, so both Prometheus and Grafana render it. */
  readonly summary: string;
  readonly description: string;
  /** For the runbook page: what it means when it fires, and how the query decides. */
  readonly meaning: string;
  /** Where to look when no catalog pattern covers the alert (mesh and exporter alerts). */
  readonly where?: readonly string[];
  /** Defaults to the first pattern's action / command. */
  readonly action?: string;
  readonly command?: string;
}
