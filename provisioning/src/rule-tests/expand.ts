/**
 * Renders `{{ $labels.name }}` the way Prometheus does (missing labels render empty), so the
 * expected annotations of promtool tests follow the alert definitions. Templates are restricted
 * to this one form (a test checks), which also keeps them valid in Grafana.
 */
export const LABEL_TEMPLATE = /\{\{ \$labels\.([a-zA-Z_][a-zA-Z0-9_]*) \}\}/g;

export function expandLabels(template: string, labels: Readonly<Record<string, string>>): string {
  return template.replace(LABEL_TEMPLATE, (_whole, name: string) => labels[name] ?? '');
}
