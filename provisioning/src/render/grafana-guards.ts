/**
 * Grafana cannot provision inhibition rules, so each Grafana-managed rule carries the
 * inhibitions that target it inside its query: `(expr) unless on (cluster, ...) (source expr)`.
 * A matcher on a label the alert sets statically is decided here; a matcher on a label the query
 * sets (partition_explains on replication links) joins the `on (...)` list, and the source is
 * given that label, so only the explained series drop out.
 */
import type { AlertDefinition } from '../alerts';
import { INHIBITIONS, type Inhibition } from '../inhibitions';
import { indent } from '../promql';
import type { GeneratorSettings } from '../settings';
import { queryLabels, staticLabels } from './alert-labels';
import { scopedQuery } from './rule-settings';

export interface Guard {
  readonly inhibition: Inhibition;
  /** Labels matched inside the query rather than decided from static labels. */
  readonly queryMatched: readonly { label: string; value: string }[];
}

/** The inhibitions that can silence `alert`, with how each must be matched. */
export function guardsFor(alert: AlertDefinition, settings: GeneratorSettings): Guard[] {
  const fixed: Record<string, string> = { alertname: alert.name, ...staticLabels(alert, settings) };
  const dynamic = new Set(queryLabels(alert));
  const guards: Guard[] = [];
  for (const inhibition of INHIBITIONS) {
    if (inhibition.sourceAlert === alert.name) continue;
    const queryMatched: { label: string; value: string }[] = [];
    const applies = inhibition.targets.every((matcher) => {
      const known = fixed[matcher.label];
      if (known !== undefined) return known === matcher.value;
      if (dynamic.has(matcher.label)) {
        queryMatched.push(matcher);
        return true;
      }
      return false;
    });
    if (applies) guards.push({ inhibition, queryMatched });
  }
  return guards;
}

/** The alert's query with every guard folded in; value 1 per firing series. */
export function guardedExpr(alert: AlertDefinition, alertsByName: ReadonlyMap<string, AlertDefinition>, settings: GeneratorSettings): string {
  const parts = [`(\n  ${indent(scopedQuery(alert.expr, settings), 2)}\n)`];
  for (const { inhibition, queryMatched } of guardsFor(alert, settings)) {
    const source = alertsByName.get(inhibition.sourceAlert);
    if (source === undefined) throw new Error(`inhibition source ${inhibition.sourceAlert} is not an alert`);
    let sourceExpr = `(\n  ${indent(scopedQuery(source.expr, settings), 2)}\n)`;
    for (const matcher of queryMatched) sourceExpr = `label_replace(\n  ${indent(sourceExpr, 2)},\n  "${matcher.label}", "${matcher.value}", "", ""\n)`;
    const on = [...inhibition.equal, ...queryMatched.map((matcher) => matcher.label)].join(', ');
    parts.push(`unless on (${on})\n${sourceExpr}`);
  }
  return `group without () (\n  ${indent(parts.join('\n'), 2)}\n)`;
}
