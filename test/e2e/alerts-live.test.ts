/**
 * The generated alerting, live: a real Prometheus loads provisioning/prometheus/rules/*.yml and
 * scrapes five agents of a partitioned lab (through the lab's 127.0.0.1 gateway, as a Prometheus
 * outside the cut would); a real Alertmanager runs provisioning/alertmanager/alertmanager.yml.
 * A halves cut must fire NetsplitPartitionDetected within its `for`, and the minority members'
 * etcd alerts it explains must show as inhibited in Alertmanager's API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab } from '../lab/lab';
import { AgentFleet } from '../lab/agent-fleet';
import { ensureExporterBuilt } from '../lab/exporter-build';
import { newLabSecret } from '../lab/lab-secret';
import { findExecutable, requireLabPrerequisites } from '../lab/preflight';
import { startPublicGateway, type PublicGateway } from '../lab/public-gateway';
import { halves } from '../lab/topology';
import { waitUntil } from '../lab/wait-for';
import { freeLoopbackPort, requirePrometheus, startLabPrometheus, type LabPrometheus } from '../lab/prometheus';
import { clientUrl, etcdMemberService, requireEtcd } from '../lab/services/etcd-member';
import { generateAll } from '../../provisioning/src/outputs';
import { ALERTMANAGER_FILE } from '../../provisioning/src/render/alertmanager';
import { ALERT_RULES_FILE, RECORDING_RULES_FILE } from '../../provisioning/src/render/prometheus-rules';
import { DEFAULT_SETTINGS } from '../../provisioning/src/settings';

jest.setTimeout(240_000);

// The bundle as a user generates it for this Prometheus (1 s scrapes): every `for:` is a number
// of scrapes, and a restarted agent is settled after 15 s instead of a minute.
const BUNDLE = generateAll({ ...DEFAULT_SETTINGS, scrapeInterval: '1s', evaluationInterval: '1s', restartGrace: '15s' });
const ALL = ['n1', 'n2', 'n3', 'n4', 'n5'];
const CLUSTER = 'live';

interface PromAlert {
  labels: Record<string, string>;
  state: string;
}
interface AmAlert {
  labels: Record<string, string>;
  status: { state: string; inhibitedBy: string[] };
}

function requireBinary(name: string, pkg: string): string {
  const path = findExecutable(name);
  if (path === undefined) throw new Error(`${name} is missing: apt-get install ${pkg} (.ci/run does)`);
  return path;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

describe('generated alert rules and inhibition on a live partition', () => {
  let lab: Lab | undefined;
  let gateway: PublicGateway | undefined;
  let webhook: Server | undefined;
  const children: ChildProcess[] = [];
  let dir = '';
  let prometheus: LabPrometheus | undefined;
  let prometheusUrl = '';
  let alertmanagerUrl = '';

  beforeAll(async () => {
    requireLabPrerequisites('The live alerting test');
    requireEtcd();
    requirePrometheus();
    const alertmanager = requireBinary('prometheus-alertmanager', 'prometheus-alertmanager');
    await ensureExporterBuilt();
    dir = mkdtempSync(join(tmpdir(), 'netsplit-alerts-live-'));

    lab = await Lab.create({ size: 5 });
    const l = lab;
    await l.startOnEveryHost(etcdMemberService({ token: `netsplit-alerts-${process.pid}` }));
    const fleet = await AgentFleet.start(l, {
      cluster: CLUSTER,
      secret: newLabSecret(),
      interval: '250ms',
      targets: { etcd: [{ name: 'main', endpoints: l.hosts.map(clientUrl) }] },
      extraConfig: () => ({ probes: { interval: '500ms', timeout: '400ms' } }),
    });
    gateway = await startPublicGateway(fleet.agents, 0);

    // Notifications go to a local sink instead of the generated config's webhook address.
    webhook = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end());
    });
    await new Promise<void>((done) => webhook!.listen(0, '127.0.0.1', done));
    const sink = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}`;
    const amConfig = (BUNDLE.get(ALERTMANAGER_FILE) ?? '').replaceAll('http://127.0.0.1:5001', sink);
    writeFileSync(join(dir, 'alertmanager.yml'), amConfig);
    const amPort = await freeLoopbackPort();
    alertmanagerUrl = `http://127.0.0.1:${amPort}`;
    children.push(
      spawn(alertmanager, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'am')}`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address='], { stdio: 'ignore' }),
    );

    const ruleFiles = [RECORDING_RULES_FILE, ALERT_RULES_FILE].map((file) => {
      const path = join(dir, file.split('/').pop()!);
      writeFileSync(path, BUNDLE.get(file) ?? '');
      return path;
    });
    prometheus = await startLabPrometheus({
      gateway,
      nodes: ALL,
      dir,
      ruleFiles,
      alertmanager: `127.0.0.1:${amPort}`,
    });
    prometheusUrl = prometheus.url;
    await waitUntil('Alertmanager is ready', async () => (await fetch(`${alertmanagerUrl}/-/ready`)).status, (status) => status === 200, { timeoutMs: 30_000, intervalMs: 250 });
  });

  afterAll(async () => {
    await prometheus?.stop();
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((done) => child.once('exit', done)) : undefined)));
    await gateway?.close();
    await new Promise((done) => (webhook ? webhook.close(done) : done(undefined)));
    await lab?.teardown();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  const promAlerts = async () => (await getJson<{ data: { alerts: PromAlert[] } }>(`${prometheusUrl}/api/v1/alerts`)).data.alerts;
  const firing = async () => [...new Set((await promAlerts()).filter((a) => a.state === 'firing').map((a) => a.labels.alertname!))].sort();
  const amAlerts = async () => getJson<AmAlert[]>(`${alertmanagerUrl}/api/v2/alerts`);

  it('a healthy cluster: five agents scraped, every one healthy, nothing fires', async () => {
    const healthy = await waitUntil(
      'Prometheus sees five healthy agents',
      async () => (await getJson<{ data: { result: { metric: { netsplit_node: string } }[] } }>(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent('netsplit_node_role{role="healthy"} == 1')}`)).data.result.map((r) => r.metric.netsplit_node).sort(),
      (nodes) => nodes.length === 5,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(healthy.value).toEqual(ALL);
    // Rule groups evaluate every 5 s: give them two rounds on a settled cluster.
    await new Promise((done) => setTimeout(done, 11_000));
    expect(await firing()).toEqual([]);
  });

  it('halves: the partition alert fires and the minority members\' etcd alerts are inhibited by it', async () => {
    await lab!.nemesis.apply(halves(ALL));
    const fired = await waitUntil('NetsplitPartitionDetected fires', firing, (names) => names.includes('NetsplitPartitionDetected'), { timeoutMs: 60_000, intervalMs: 500 });
    // `for: 10s` plus the 5 s rule interval and detection: well inside a minute.
    expect(fired.matched).toBe(true);
    const inhibited = await waitUntil(
      'Alertmanager holds the minority members\' no-leader alerts as inhibited',
      async () =>
        (await amAlerts())
          .filter((a) => a.labels.alertname === 'NetsplitEtcdMemberNoLeader')
          .map((a) => `${a.labels.member} ${a.status.state} ${a.status.inhibitedBy.length > 0 ? 'inhibited' : 'not-inhibited'}`)
          .sort(),
      (lines) => lines.length === 2 && lines.every((l) => l.endsWith(' suppressed inhibited')),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(inhibited.value).toEqual(['etcd-n4 suppressed inhibited', 'etcd-n5 suppressed inhibited']);
    const partition = (await amAlerts()).find((a) => a.labels.alertname === 'NetsplitPartitionDetected');
    expect([partition?.labels.netsplit_cluster, partition?.status.state]).toEqual([CLUSTER, 'active']);
  });
});
