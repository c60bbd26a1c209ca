/**
 * The generated Prometheus files through the real promtool: syntax, the unit tests of every
 * alert, a deliberately broken expectation that promtool must reject (the tests can fail), and
 * the Grafana copies' guarded queries evaluated by Prometheus' own engine.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { allAlerts } from '../src/alerts';
import { recordingRules } from '../src/recording-rules';
import { alertFor } from '../src/render/rule-settings';
import { staticLabels } from '../src/render/alert-labels';
import { guardedExpr } from '../src/render/grafana-guards';
import { meshSeries } from '../src/rule-tests/mesh';
import { etcdSeries, replicationSeries } from '../src/rule-tests/systems';
import { prometheusConfigYaml } from '../src/render/compose';
import { DEFAULT_SETTINGS } from '../src/settings';
import { output, readRepoFile, removeTempDirs, requireTool, ROOT, run, tempDir } from './tools';

const RULES = ['provisioning/prometheus/rules/netsplit-recording.yml', 'provisioning/prometheus/rules/netsplit-alerts.yml'];
const TEST_FILE = 'provisioning/prometheus/tests/netsplit-alerts.test.yml';

interface RuleTest {
  name: string;
  alert_rule_test: { eval_time: string; alertname: string; exp_alerts: { exp_labels: Record<string, string> }[] }[];
}

const ALERT_NAMES = [
  'NetsplitPartitionDetected',
  'NetsplitNodeMinority',
  'NetsplitNodeIsolated',
  'NetsplitNodeDown',
  'NetsplitNoQuorumAnywhere',
  'NetsplitSplitBrain',
  'NetsplitAsymmetricLink',
  'NetsplitMajoritiesRing',
  'NetsplitEtcdQuorumLost',
  'NetsplitEtcdMemberNoLeader',
  'NetsplitEtcdWritesFailing',
  'NetsplitEtcdPeerStreamLost',
  'NetsplitMySQLReplicationBroken',
  'NetsplitMySQLReplicaConnecting',
  'NetsplitPostgresReplicaNotStreaming',
  'NetsplitRedisMasterLinkDown',
  'NetsplitKubernetesApiServerUnreachable',
  'NetsplitKubernetesApiServerCheckFailing',
  'NetsplitConsulQuorumLost',
  'NetsplitConsulServerNoLeader',
  'NetsplitConsulServersUnreachable',
  'NetsplitEnvoyUpstreamFailing',
  'NetsplitEnvoyUpstreamFailures',
  'NetsplitEnvoyCircuitBreakerOpen',
  'NetsplitExporterDown',
  'NetsplitExporterBlind',
];

function ruleTests(): RuleTest[] {
  return (parse(readRepoFile(TEST_FILE)) as { tests: RuleTest[] }).tests;
}

/** A scratch copy of the rules and a test file next to them, laid out like the repository's. */
function scratch(testDocument: unknown, rules: Record<string, string> = {}): { dir: string; testFile: string } {
  const dir = tempDir('promtool');
  mkdirSync(join(dir, 'rules'));
  mkdirSync(join(dir, 'tests'));
  for (const rule of RULES) cpSync(join(ROOT, rule), join(dir, 'rules', rule.split('/').pop() ?? ''));
  for (const [name, content] of Object.entries(rules)) writeFileSync(join(dir, 'rules', name), content);
  const testFile = join(dir, 'tests', 'scratch.test.yml');
  writeFileSync(testFile, stringify(testDocument, { lineWidth: 0 }));
  return { dir, testFile };
}

afterAll(removeTempDirs);

describe('promtool', () => {
  it('is installed', () => {
    expect(requireTool('promtool')).toMatch(/promtool$/);
  });

  it('accepts both rule files, every linter on', () => {
    const result = run('promtool', ['check', 'rules', '--lint=all', '--lint-fatal', ...RULES]);
    expect([result.status, output(result)]).toEqual([0, expect.stringContaining('SUCCESS: 6 rules found')]);
    expect(output(result)).toContain('SUCCESS: 26 rules found');
  });

  it('accepts the compose Prometheus config and the rule files it loads', () => {
    const result = run('promtool', ['check', 'config', 'provisioning/prometheus/prometheus.yml']);
    expect([result.status, output(result)]).toEqual([0, expect.stringContaining('SUCCESS: 2 rule files found')]);
  });

  it('writes a config for other Prometheus setups (the lab) that loads the rule files as they are', () => {
    const dir = tempDir('prometheus-config');
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      prometheusConfigYaml(DEFAULT_SETTINGS, {
        exporters: ['10.200.0.1:9465', '10.200.0.2:9465'],
        alertmanagers: ['127.0.0.1:9093'],
        ruleFiles: RULES.map((rule) => join(ROOT, rule)),
      }),
    );
    const result = run('promtool', ['check', 'config', config]);
    expect([result.status, output(result)]).toEqual([0, expect.stringContaining('SUCCESS: 2 rule files found')]);
  });

  it('passes the unit tests of every alert', () => {
    const result = run('promtool', ['test', 'rules', TEST_FILE]);
    expect([result.status, output(result)]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });

  it('has a scenario where each alert fires, and a healthy cluster where none does', () => {
    const tests = ruleTests();
    const fired = new Set(tests.flatMap((test) => test.alert_rule_test.filter((check) => check.exp_alerts.length > 0).map((check) => check.alertname)));
    expect([...fired].sort()).toEqual([...ALERT_NAMES].sort());
    const healthy = tests.find((test) => test.name === '[static] healthy cluster: nothing fires');
    expect(healthy?.alert_rule_test.map((check) => [check.alertname, check.exp_alerts.length])).toEqual(ALERT_NAMES.map((name) => [name, 0]));
    expect(allAlerts(DEFAULT_SETTINGS).map((alert) => alert.name)).toEqual(ALERT_NAMES);
  });

  it('fails a wrong expectation (the unit tests can catch a broken rule)', () => {
    const document = parse(readRepoFile(TEST_FILE)) as { tests: RuleTest[]; rule_files: string[] };
    const halves = document.tests.find((test) => test.name.startsWith('[static] halves {n1,n2,n3}|{n4,n5}'));
    const minority = halves?.alert_rule_test.find((check) => check.alertname === 'NetsplitNodeMinority');
    if (minority === undefined) throw new Error('halves scenario lost its NetsplitNodeMinority check');
    minority.exp_alerts = minority.exp_alerts.slice(0, 1);
    const { testFile } = scratch(document);
    const result = run('promtool', ['test', 'rules', testFile]);
    expect(result.status).toBe(1);
    expect(output(result)).toContain('alertname: NetsplitNodeMinority');
  });
});

describe('Grafana-managed copies (guards inside the queries), evaluated by promtool', () => {
  const alerts = allAlerts(DEFAULT_SETTINGS);
  const byName = new Map(alerts.map((alert) => [alert.name, alert]));
  const grafanaRules = stringify(
    {
      groups: [
        {
          name: 'grafana-copies',
          rules: alerts.map((alert) => ({ alert: alert.name, expr: guardedExpr(alert, byName, DEFAULT_SETTINGS), for: alertFor(alert, DEFAULT_SETTINGS), labels: staticLabels(alert, DEFAULT_SETTINGS) })),
        },
      ],
    },
    { lineWidth: 0 },
  );
  const recording = stringify({ groups: [{ name: 'recording', rules: recordingRules(DEFAULT_SETTINGS).map((rule) => ({ record: rule.record, expr: rule.expr })) }] }, { lineWidth: 0 });

  it('are valid PromQL', () => {
    const { dir } = scratch({ tests: [] }, { 'grafana.yml': grafanaRules });
    const result = run('promtool', ['check', 'rules', join(dir, 'rules', 'grafana.yml')]);
    expect([result.status, output(result)]).toEqual([0, expect.stringContaining('SUCCESS: 26 rules found')]);
  });

  it('stay quiet where a partition explains the alert, and loud where it does not', () => {
    const halves = [['n1', 'n2', 'n3'], ['n4', 'n5']] as const;
    const series = [
      ...meshSeries({ groups: halves }),
      ...etcdSeries({ groups: halves, leader: 'n1' }),
      ...replicationSeries({ system: 'redis', target: 'cache', replica: 'redis-cut', agents: [{ node: 'n2', up: 0, reason: 'network_cut' }, { node: 'n4', up: 0, reason: 'network_cut' }] }),
      ...replicationSeries({ system: 'redis', target: 'cache', replica: 'redis-broken', agents: [{ node: 'n1', up: 0, reason: 'database' }, { node: 'n2', up: 0, reason: 'database' }] }),
    ];
    const document = {
      rule_files: ['../rules/recording.yml', '../rules/grafana.yml'],
      evaluation_interval: '15s',
      tests: [
        {
          interval: '15s',
          input_series: series,
          alert_rule_test: [
            { eval_time: '3m', alertname: 'NetsplitPartitionDetected', exp_alerts: [{ exp_labels: { severity: 'critical', scope: 'cluster', netsplit_cluster: 'prod-eu' } }] },
            {
              eval_time: '3m',
              alertname: 'NetsplitNodeMinority',
              exp_alerts: ['n4', 'n5'].map((node) => ({ exp_labels: { severity: 'warning', scope: 'node', netsplit_cluster: 'prod-eu', netsplit_node: node } })),
            },
            { eval_time: '3m', alertname: 'NetsplitEtcdMemberNoLeader', exp_alerts: [] },
            {
              eval_time: '3m',
              alertname: 'NetsplitRedisMasterLinkDown',
              exp_alerts: [
                { exp_labels: { severity: 'warning', scope: 'replica', system: 'redis', netsplit_cluster: 'prod-eu', target: 'cache', replica: 'redis-broken', reason: 'database' } },
              ],
            },
          ],
        },
      ],
    };
    const { testFile } = scratch(document, { 'grafana.yml': grafanaRules, 'recording.yml': recording });
    const result = run('promtool', ['test', 'rules', testFile]);
    expect([result.status, output(result)]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });
});
