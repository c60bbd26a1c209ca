/**
 * What the generator's settings change in one alert as rendered: its `for:` (scrapes of the
 * configured interval), its severity (overrides), and its query (the user's selector on every
 * netsplit series). One place, so Prometheus, Grafana and the PrometheusRule agree.
 */
import type { AlertDefinition, AlertSeverity } from '../alerts/types';
import { metricNames } from '../promql';
import { durationSeconds, formatDuration, type GeneratorSettings } from '../settings';

export function alertFor(alert: AlertDefinition, settings: GeneratorSettings): string {
  const scraped = alert.for.scrapes * durationSeconds(settings.scrapeInterval);
  const floor = alert.for.atLeast === undefined ? 0 : durationSeconds(alert.for.atLeast);
  return formatDuration(Math.max(scraped, floor));
}

export function alertSeverity(alert: AlertDefinition, settings: GeneratorSettings): AlertSeverity {
  return settings.severities[alert.name] ?? alert.severity;
}

/** Series the user's selector applies to: the exporter's own and the `up` of its targets. */
function selectable(name: string): boolean {
  return name === 'up' || name === 'process_start_time_seconds' || /^netsplit_[a-z0-9_]+$/.test(name);
}

/**
 * Adds `settings.selector` to every selector of a netsplit series in a query, outside string
 * literals and grouping clauses (where netsplit_cluster and netsplit_node are label names).
 */
export function scopedQuery(query: string, settings: GeneratorSettings): string {
  const selector = settings.selector.trim();
  if (selector === '') return query;
  const names = new Set(metricNames(query).filter(selectable));
  if (names.size === 0) return query;
  const pattern = new RegExp(`"(?:[^"\\\\]|\\\\.)*"|\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)|(?<![\\w:])(${[...names].join('|')})(?![\\w:])(\\{)?`, 'g');
  return query.replace(pattern, (whole, name: string | undefined, brace: string | undefined) => {
    if (name === undefined) return whole;
    if (brace === undefined) return `${name}{${selector}}`;
    return `${name}{${selector}, `;
  }).replace(/, \}/g, '}');
}

/**
 * Grafana's scheduler ticks every 10 s (unified_alerting.base_interval) and refuses a rule group
 * whose interval is not a multiple of it: the evaluation interval, rounded up to the next one.
 */
export const GRAFANA_BASE_INTERVAL_SECONDS = 10;

export function grafanaInterval(settings: GeneratorSettings): string {
  const seconds = durationSeconds(settings.evaluationInterval);
  return formatDuration(Math.max(1, Math.ceil(seconds / GRAFANA_BASE_INTERVAL_SECONDS)) * GRAFANA_BASE_INTERVAL_SECONDS);
}
