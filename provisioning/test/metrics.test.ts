/**
 * Every metric a generated query reads must exist: netsplit's in the metric contract
 * (exporter/src/contract/metrics.ts, which the exporter declares from and docs/metrics.md is
 * generated from), our recording rules, or a short list of other exporters' metrics
 * (provisioning/src/external-metrics.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { allMetrics } from '../../exporter/src/contract/metrics';
import { EXTERNAL_METRICS, EXTERNAL_PREFIXES } from '../src/external-metrics';
import { metricNames } from '../src/promql';
import { recordingRules } from '../src/recording-rules';
import { DEFAULT_SETTINGS } from '../src/settings';
import { readRepoFile, ROOT } from './tools';

function contractMetrics(): Set<string> {
  return new Set(allMetrics().map((metric) => metric.name));
}

/** Every PromQL query of every generated file, with where it comes from. */
function queries(): [string, string][] {
  const found: [string, string][] = [];
  for (const file of ['provisioning/prometheus/rules/netsplit-recording.yml', 'provisioning/prometheus/rules/netsplit-alerts.yml']) {
    const doc = parse(readRepoFile(file)) as { groups: { rules: { alert?: string; record?: string; expr: string }[] }[] };
    for (const rule of doc.groups.flatMap((group) => group.rules)) found.push([`${file} ${rule.alert ?? rule.record}`, rule.expr]);
  }
  const grafana = parse(readRepoFile('provisioning/grafana/alerting/netsplit-rules.yaml')) as {
    groups: { rules: { title: string; data: { model: { expr?: string } }[] }[] }[];
  };
  for (const rule of grafana.groups.flatMap((group) => group.rules)) {
    for (const query of rule.data) if (query.model.expr !== undefined) found.push([`grafana ${rule.title}`, query.model.expr]);
  }
  for (const name of readdirSync(join(ROOT, 'dashboards'))) {
    const dashboard = JSON.parse(readRepoFile(`dashboards/${name}`)) as {
      panels: { title: string; targets?: { expr: string }[] }[];
      templating: { list: { name: string; definition?: string }[] };
    };
    for (const panel of dashboard.panels) for (const target of panel.targets ?? []) found.push([`${name} ${panel.title}`, target.expr]);
    for (const variable of dashboard.templating.list) {
      const inner = /^label_values\((.*), \w+\)$/.exec(variable.definition ?? '')?.[1];
      if (inner !== undefined) found.push([`${name} $${variable.name}`, inner]);
    }
  }
  return found;
}

describe('metrics the generated queries read', () => {
  it('are external only from the allowed families, each listed once', () => {
    for (const metric of EXTERNAL_METRICS) {
      expect([metric.name, metric.name === 'up' || EXTERNAL_PREFIXES.some((prefix) => metric.name.startsWith(prefix))]).toEqual([metric.name, true]);
    }
    expect(new Set(EXTERNAL_METRICS.map((metric) => metric.name)).size).toBe(EXTERNAL_METRICS.length);
  });

  it('finds queries in rules, Grafana rules, panels and variables', () => {
    expect(queries().length).toBeGreaterThan(80);
  });

  it('exist in the metric contract, as our recording rules, or as documented external metrics', () => {
    const documented = contractMetrics();
    const recorded = new Set(recordingRules(DEFAULT_SETTINGS).map((rule) => rule.record));
    const external = new Set(EXTERNAL_METRICS.map((metric) => metric.name));
    const missing = new Set<string>();
    for (const [, query] of queries()) {
      for (const name of metricNames(query)) {
        const known = name.includes(':') ? recorded.has(name) : documented.has(name) || external.has(name);
        if (!known) missing.add(name);
      }
    }
    expect([...missing].sort()).toEqual([]);
  });
});
