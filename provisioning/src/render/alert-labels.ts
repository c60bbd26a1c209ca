/**
 * The labels and annotations an alert carries, the same in Prometheus and Grafana so one
 * routing tree and one set of inhibit rules serve both.
 */
import { patternById } from '../../../exporter/src/patterns/catalog';
import type { AlertDefinition } from '../alerts';
import { runbookUrl, type GeneratorSettings } from '../settings';
import { alertSeverity } from './rule-settings';

export function staticLabels(alert: AlertDefinition, settings: GeneratorSettings): Record<string, string> {
  return {
    severity: alertSeverity(alert, settings),
    scope: alert.scope,
    ...(alert.system === undefined ? {} : { system: alert.system }),
    ...(alert.partitionExplains === 'always' ? { partition_explains: 'true' } : {}),
  };
}

/** Labels the query itself may set: inhibition must match them inside the query in Grafana. */
export function queryLabels(alert: AlertDefinition): readonly string[] {
  return alert.partitionExplains === 'when-network-cut' ? ['partition_explains', 'reason'] : [];
}

export function resolvedAction(alert: AlertDefinition): string {
  return alert.action ?? firstPattern(alert, 'action').action;
}

export function resolvedCommand(alert: AlertDefinition): string {
  return alert.command ?? firstPattern(alert, 'command').command;
}

function firstPattern(alert: AlertDefinition, field: string) {
  const id = alert.patterns[0];
  if (id === undefined) throw new Error(`alert ${alert.name}: give ${field} or tie it to a catalog pattern`);
  return patternById(id);
}

export function annotations(alert: AlertDefinition, settings: GeneratorSettings): Record<string, string> {
  return {
    summary: alert.summary,
    description: alert.description,
    runbook_url: runbookUrl(settings, alert.id),
    action: resolvedAction(alert),
    command: resolvedCommand(alert),
    ...(alert.patterns.length > 0 ? { patterns: alert.patterns.join(', ') } : {}),
  };
}
