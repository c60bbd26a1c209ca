/**
 * The generated alerting in a user's stack, live: three real Prometheus servers (Debian 2.42)
 * scrape the same five agents of a lab — one with a plain static config, one with the relabelling
 * of a prometheus-operator PodMonitor that adds `namespace`, `pod`, `node` and `cluster` target
 * labels, one with `honor_labels: true` — each loading the bundle generated for 1 s scrapes and
 * sending to its own real Alertmanager (0.25) running the generated configuration. The lab runs
 * an etcd member on every host and Redis, PostgreSQL and MariaDB pairs with the primaries on n1
 * and the replicas on n4, across the halves cut.
 *
 * What must hold in all three setups, in this order:
 *  1. two minutes healthy: no alert pending or firing;
 *  2. a rolling restart of all five agents: nothing fires, nothing reaches Alertmanager;
 *  3. SIGKILL of one agent (a reboot): NetsplitNodeDown (warning) and no critical alert;
 *  4. halves: NetsplitPartitionDetected (critical), the replica- and member-level alerts it
 *     explains held as inhibited by Alertmanager;
 *  5. a promotion on the minority side: NetsplitSplitBrain (critical).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateAll } from '../../provisioning/src/outputs';
import { ALERTMANAGER_FILE } from '../../provisioning/src/render/alertmanager';
import { ALERT_RULES_FILE, RECORDING_RULES_FILE } from '../../provisioning/src/render/prometheus-rules';
import { DEFAULT_SETTINGS } from '../../provisioning/src/settings';
import { findExecutable } from '../lab/preflight';
import { freeLoopbackPort, requirePrometheus, startLabPrometheus, type LabPrometheus, type ScrapeSetup } from '../lab/prometheus';
import { startPublicGateway, type PublicGateway } from '../lab/public-gateway';
import { startReplicationLab, type ReplicationLab } from '../lab/replication-lab';
import { clientUrl, etcdMemberService, requireEtcd } from '../lab/services/etcd-member';
import { halves } from '../lab/topology';
import { waitUntil } from '../lab/wait-for';

jest.setTimeout(600_000);

const ALL = ['n1', 'n2', 'n3', 'n4', 'n5'];
const SETUPS: readonly ScrapeSetup[] = ['static', 'podmonitor', 'honor-labels'];
// The bundle as a user generates it for Prometheus servers that scrape every 2 s (a scrape's
// timeout is its interval: 2 s leaves room for three servers scraping through the lab's gateway on
// a 2-core machine): each `for:` is a number of scrapes; an agent counts again 15 s after a restart.
const SCRAPE_INTERVAL = '2s';
const BUNDLE = generateAll({ ...DEFAULT_SETTINGS, scrapeInterval: SCRAPE_INTERVAL, evaluationInterval: SCRAPE_INTERVAL, restartGrace: '15s' }, { ruleTests: false });

interface PromAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}
interface AmAlert {
  labels: Record<string, string>;
  status: { state: string; inhibitedBy: string[] };
}
interface Stack {
  setup: ScrapeSetup;
  prometheus: LabPrometheus;
  alertmanagerUrl: string;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const promAlerts = async (stack: Stack) => (await getJson<{ data: { alerts: PromAlert[] } }>(`${stack.prometheus.url}/api/v1/alerts`)).data.alerts;
const amAlerts = async (stack: Stack) => getJson<AmAlert[]>(`${stack.alertmanagerUrl}/api/v2/alerts`);
const describeAlert = (alert: PromAlert) => `${alert.state} ${alert.labels.alertname} ${alert.labels.severity} ${alert.labels.netsplit_node ?? alert.labels.member ?? alert.labels.replica ?? ''}`.trim();

describe('generated alerting in three real scrape setups', () => {
  let setup: ReplicationLab | undefined;
  let gateway: PublicGateway | undefined;
  let webhook: Server | undefined;
  const stacks: Stack[] = [];
  const children: ChildProcess[] = [];
  let dir = '';

  /** Every alert any Prometheus reports at this moment, as `setup: state name severity subject`. */
  const everyAlert = async () => (await Promise.all(stacks.map(async (stack) => (await promAlerts(stack)).map((a) => `${stack.setup}: ${describeAlert(a)}`)))).flat().sort();

  /** Stops of the watchers still running: a test that throws before stopping its own is cleaned up after it. */
  const watching = new Set<() => Promise<string[]>>();
  afterEach(async () => {
    for (const stop of [...watching]) await stop();
  });

  /** Watches the alerts of every setup every second until stopped; returns all ever seen. */
  function watch(filter: (alert: PromAlert) => boolean) {
    const seen = new Set<string>();
    let running = true;
    const loop = (async () => {
      while (running) {
        for (const stack of stacks) {
          for (const alert of await promAlerts(stack).catch(() => [])) if (filter(alert)) seen.add(`${stack.setup}: ${describeAlert(alert)}`);
        }
        await sleep(1000);
      }
    })();
    const stop = async () => {
      running = false;
      watching.delete(stop);
      await loop;
      return [...seen].sort();
    };
    watching.add(stop);
    return stop;
  }

  beforeAll(async () => {
    requireEtcd();
    requirePrometheus();
    const alertmanager = findExecutable('prometheus-alertmanager');
    if (alertmanager === undefined) throw new Error('prometheus-alertmanager is missing: apt-get install prometheus-alertmanager (npm test installs it)');
    dir = mkdtempSync(join(tmpdir(), 'netsplit-alerts-stack-'));

    setup = await startReplicationLab({
      interval: '250ms',
      replicaOn: 'n4',
      beforeAgents: (lab) => lab.startOnEveryHost(etcdMemberService({ token: `netsplit-stack-${process.pid}` })),
      moreTargets: (lab) => ({ etcd: [{ name: 'main', endpoints: lab.hosts.map(clientUrl) }] }),
    });
    gateway = await startPublicGateway(setup.fleet.agents, 0);

    webhook = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end());
    });
    await new Promise<void>((done) => webhook!.listen(0, '127.0.0.1', done));
    const sink = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}`;
    const ruleFiles = [RECORDING_RULES_FILE, ALERT_RULES_FILE].map((file) => {
      const path = join(dir, file.split('/').pop()!);
      writeFileSync(path, BUNDLE.get(file) ?? '');
      return path;
    });

    for (const scrapeSetup of SETUPS) {
      const stackDir = join(dir, scrapeSetup);
      mkdirSync(stackDir);
      writeFileSync(join(stackDir, 'alertmanager.yml'), (BUNDLE.get(ALERTMANAGER_FILE) ?? '').replaceAll('http://127.0.0.1:5001', sink));
      const amPort = await freeLoopbackPort();
      children.push(
        spawn(
          alertmanager,
          [`--config.file=${join(stackDir, 'alertmanager.yml')}`, `--storage.path=${join(stackDir, 'am')}`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address='],
          { stdio: 'ignore' },
        ),
      );
      const alertmanagerUrl = `http://127.0.0.1:${amPort}`;
      const prometheus = await startLabPrometheus({ gateway, nodes: ALL, dir: stackDir, ruleFiles, alertmanager: `127.0.0.1:${amPort}`, scrapeSetup, scrapeInterval: SCRAPE_INTERVAL });
      stacks.push({ setup: scrapeSetup, prometheus, alertmanagerUrl });
      await waitUntil(`Alertmanager (${scrapeSetup}) is ready`, async () => (await fetch(`${alertmanagerUrl}/-/ready`)).status, (status) => status === 200, { timeoutMs: 30_000, intervalMs: 250 });
    }
  });

  afterAll(async () => {
    for (const stack of stacks) await stack.prometheus.stop();
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((done) => child.once('exit', done)) : undefined)));
    await gateway?.close();
    await new Promise((done) => (webhook ? webhook.close(done) : done(undefined)));
    await setup?.lab.teardown();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('stores the series each setup attaches, and the identity labels untouched', async () => {
    const query = 'netsplit_build_info{netsplit_node="n3"}';
    const labels = await Promise.all(
      stacks.map(async (stack) => {
        const answer = await waitUntil(
          `${stack.setup} scrapes n3`,
          async () => (await stack.prometheus.api<{ data: { result: { metric: Record<string, string> }[] } }>('query', { query })).data.result,
          (result) => result.length === 1,
          { timeoutMs: 30_000, intervalMs: 500 },
        );
        const { version: _version, ...rest } = answer.value![0]!.metric;
        return [stack.setup, rest];
      }),
    );
    expect(labels).toEqual([
      ['static', { __name__: 'netsplit_build_info', job: 'netsplit', instance: 'n3:9465', netsplit_cluster: 'lab', netsplit_node: 'n3' }],
      [
        'podmonitor',
        {
          __name__: 'netsplit_build_info',
          job: 'monitoring/netsplit',
          instance: '10.244.2.7:9465',
          namespace: 'monitoring',
          pod: 'netsplit-agent-n3',
          container: 'exporter',
          endpoint: 'metrics',
          node: 'n3',
          cluster: 'k8s-lab',
          netsplit_cluster: 'lab',
          netsplit_node: 'n3',
        },
      ],
      ['honor-labels', { __name__: 'netsplit_build_info', job: 'netsplit-honor', instance: 'n3:9465', netsplit_cluster: 'lab', netsplit_node: 'n3' }],
    ]);
  });

  it('two minutes healthy: no alert pending or firing in any setup', async () => {
    const stop = watch(() => true);
    await sleep(120_000);
    expect(await stop()).toEqual([]);
  });

  it('a rolling restart of all five agents: nothing fires and nothing reaches Alertmanager', async () => {
    const stop = watch((alert) => alert.state === 'firing');
    for (const name of ALL) {
      await setup!.fleet.restart(name);
      await setup!.fleet.waitUntilHealthy({ timeoutMs: 30_000 });
    }
    await sleep(20_000);
    expect(await stop()).toEqual([]);
    expect((await Promise.all(stacks.map(amAlerts))).flat().map((a) => a.labels.alertname)).toEqual([]);
  });

  it('SIGKILL of one agent (a reboot): NetsplitNodeDown, a warning, and no critical alert in any setup', async () => {
    const criticals = watch((alert) => alert.labels.severity === 'critical');
    setup!.fleet.kill('n5');
    const nodeDown = await waitUntil(
      'every setup fires NetsplitNodeDown for n5',
      everyAlert,
      (alerts) => SETUPS.every((s) => alerts.includes(`${s}: firing NetsplitNodeDown warning n5`)),
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    expect(nodeDown.matched).toBe(true);
    // Its agent cannot be scraped: that alert is explained by the node being down.
    const exporterDown = await waitUntil(
      'Alertmanager holds NetsplitExporterDown of n5 as inhibited',
      async () => (await Promise.all(stacks.map(amAlerts))).map((alerts) => alerts.filter((a) => a.labels.alertname === 'NetsplitExporterDown').map((a) => `${a.labels.netsplit_node} ${a.status.state}`)),
      (states) => states.every((s) => s.length === 1 && s[0] === 'n5 suppressed'),
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    expect(exporterDown.value).toEqual([['n5 suppressed'], ['n5 suppressed'], ['n5 suppressed']]);
    expect(await criticals()).toEqual([]);

    await setup!.fleet.restart('n5');
    await setup!.fleet.waitUntilHealthy({ timeoutMs: 30_000 });
    const resolved = await waitUntil('NetsplitNodeDown resolves', everyAlert, (alerts) => !alerts.some((a) => a.includes('NetsplitNodeDown')), { timeoutMs: 60_000, intervalMs: 1000 });
    expect(resolved.matched).toBe(true);
  });

  it('halves: NetsplitPartitionDetected fires and Alertmanager holds the replica and member alerts it explains as inhibited', async () => {
    await setup!.lab.nemesis.apply(halves(ALL));
    const fired = await waitUntil(
      'every setup fires NetsplitPartitionDetected',
      everyAlert,
      (alerts) => SETUPS.every((s) => alerts.includes(`${s}: firing NetsplitPartitionDetected critical`)),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(fired.matched).toBe(true);
    // MariaDB's IO thread reads Connecting only after slave_net_timeout (60 s): its alert is not awaited here.
    const explained = ['NetsplitRedisMasterLinkDown', 'NetsplitPostgresReplicaNotStreaming', 'NetsplitEtcdMemberNoLeader'];
    const held = await waitUntil(
      'Alertmanager holds the explained alerts as inhibited and the partition as active',
      async () =>
        (await Promise.all(stacks.map(amAlerts))).map((alerts) =>
          alerts
            .filter((a) => a.labels.alertname === 'NetsplitPartitionDetected' || explained.includes(a.labels.alertname ?? ''))
            .map((a) => `${a.labels.alertname} ${a.status.state}`)
            .filter((line, index, all) => all.indexOf(line) === index)
            .sort(),
        ),
      (states) => states.every((s) => s.length === 4),
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
    const expected = [
      'NetsplitEtcdMemberNoLeader suppressed',
      'NetsplitPartitionDetected active',
      'NetsplitPostgresReplicaNotStreaming suppressed',
      'NetsplitRedisMasterLinkDown suppressed',
    ];
    expect(held.value).toEqual([expected, expected, expected]);
  });

  it('a promotion on the minority side: NetsplitSplitBrain fires in every setup', async () => {
    await setup!.replicas.redis.command('REPLICAOF NO ONE');
    await setup!.replicas.postgres.sql('SELECT pg_promote()');
    await setup!.replicas.mysql.sql('STOP SLAVE; SET GLOBAL read_only=0');
    const fired = await waitUntil(
      'every setup fires NetsplitSplitBrain',
      everyAlert,
      (alerts) => SETUPS.every((s) => alerts.includes(`${s}: firing NetsplitSplitBrain critical`)),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(fired.matched).toBe(true);
  });
});
