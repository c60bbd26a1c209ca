/**
 * The PrometheusRule custom resource as the prometheus-operator's CRD schema validates it
 * (@kubernetes-models/prometheus-operator, generated from the operator's CRDs), and the same
 * rules as the plain rule files, so kube-prometheus users run exactly what promtool tested.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generateAll } from '../src/outputs';
import { ALERT_RULES_FILE, RECORDING_RULES_FILE } from '../src/render/prometheus-rules';
import { PROMETHEUS_RULE_FILE } from '../src/render/prometheus-rule-resource';
import { DEFAULT_SETTINGS } from '../src/settings';

interface Resource {
  metadata?: { labels?: Record<string, string> };
  spec: { groups?: { name: string; rules?: Record<string, unknown>[] }[] };
}

function validate(resources: readonly unknown[]): { kind: string; name: string; error: string | null }[] {
  const result = spawnSync(process.execPath, [join(__dirname, 'support', 'validate-resources.mjs')], { input: JSON.stringify(resources), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`validate-resources.mjs failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { kind: string; name: string; error: string | null }[];
}

describe('PrometheusRule', () => {
  const files = generateAll({ ...DEFAULT_SETTINGS, prometheusRuleLabels: { release: 'kube-prometheus-stack' } });
  const resource = parse(files.get(PROMETHEUS_RULE_FILE) ?? '') as Resource;

  it('validates against the operator\'s schema', () => {
    expect(validate([resource])).toEqual([{ kind: 'PrometheusRule', name: 'netsplit', error: null }]);
    expect(resource?.metadata?.labels).toEqual({ 'app.kubernetes.io/name': 'netsplit', 'app.kubernetes.io/component': 'alerting', release: 'kube-prometheus-stack' });
  });

  it('a rule the operator would refuse fails the same validation (the check bites)', () => {
    const broken = structuredClone(resource);
    broken.spec.groups![0]!.rules![0]!.record = 42;
    const [result] = validate([broken]);
    expect([result?.kind, typeof result?.error, result?.error === null]).toEqual(['PrometheusRule', 'string', false]);
  });

  it('holds the recording and alert groups of the rule files, unchanged', () => {
    const groups = [...(parse(files.get(RECORDING_RULES_FILE) ?? '') as { groups: unknown[] }).groups, ...(parse(files.get(ALERT_RULES_FILE) ?? '') as { groups: unknown[] }).groups];
    expect(resource?.spec.groups).toEqual(groups);
    expect(resource?.spec.groups?.map((group) => group.name)).toEqual(['netsplit-recording', 'netsplit-mesh', 'netsplit-etcd', 'netsplit-replication', 'netsplit-kubernetes', 'netsplit-consul', 'netsplit-envoy', 'netsplit-exporter']);
  });
});
