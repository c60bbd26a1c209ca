/**
 * Small PromQL helpers. Queries stay readable in the sources and in the generated YAML: the
 * `promql` tag removes the common indentation of a multi-line template literal.
 */
export function promql(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number>): string {
  const raw = strings.reduce((text, part, index) => text + part + (index < values.length ? String(values[index]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\s+$/, '').split('\n');
  const indents = lines.filter((line) => line.trim().length > 0).map((line) => line.length - line.trimStart().length);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((line) => line.slice(common)).join('\n');
}

/** Indent every line but the first of a nested query, so it lines up inside its parent. */
export function indent(query: string, spaces: number): string {
  return query.split('\n').join(`\n${' '.repeat(spaces)}`);
}

/** Metric names a query reads (identifiers followed by a selector, a range or a paren-less use). */
export function metricNames(query: string): string[] {
  const withoutStrings = query.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const keywords = new Set([
    'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset',
    'sum', 'min', 'max', 'avg', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values',
    'rate', 'irate', 'increase', 'delta', 'idelta', 'label_replace', 'label_join', 'floor', 'ceil', 'abs', 'clamp_min',
    'clamp_max', 'last_over_time', 'max_over_time', 'min_over_time', 'avg_over_time', 'absent', 'absent_over_time',
    'changes', 'resets', 'time', 'vector', 'scalar', 'histogram_quantile', 'round', 'sort', 'sort_desc', 'timestamp',
  ]);
  const names = new Set<string>();
  // Strip label matcher bodies and grouping label lists so label names are not read as metrics.
  const stripped = withoutStrings.replace(/\{[^}]*\}/g, '{}').replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '$1()');
  for (const match of stripped.matchAll(/(?<![\w:$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w:])/g)) {
    const name = match[1] ?? '';
    const after = stripped.slice((match.index ?? 0) + name.length).trimStart();
    if (keywords.has(name) || after.startsWith('(')) continue;
    // Grafana/range variables ($__rate_interval) and durations (5m) never reach this: `$` and digits excluded.
    names.add(name);
  }
  return [...names].sort();
}
