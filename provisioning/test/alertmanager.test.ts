/**
 * The generated Alertmanager config through amtool, and its inhibition through a real
 * Alertmanager on 127.0.0.1: alerts posted to its API come back suppressed exactly where a
 * partition or a lost quorum explains them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { alertmanagerFragment } from '../src/render/alertmanager';
import { allAlerts } from '../src/alerts';
import { staticLabels } from '../src/render/alert-labels';
import { DEFAULT_SETTINGS } from '../src/settings';
import { output, removeTempDirs, requireTool, ROOT, run, tempDir } from './tools';

const CONFIG = 'provisioning/alertmanager/alertmanager.yml';

describe('amtool', () => {
  it('is installed', () => {
    expect(requireTool('amtool')).toMatch(/amtool$/);
  });

  it('accepts the config: 10 inhibit rules, 3 receivers', () => {
    const result = run('amtool', ['check-config', CONFIG]);
    expect([result.status, output(result)]).toEqual([0, expect.stringContaining('SUCCESS')]);
    expect(output(result)).toContain(' - 10 inhibit rules');
    expect(output(result)).toContain(' - 3 receivers');
  });

  it.each([
    ['critical in production pages', ['alertname=NetsplitPartitionDetected', 'severity=critical', 'netsplit_cluster=prod-eu'], 'netsplit-page'],
    ['warning in production makes a ticket', ['alertname=NetsplitNodeMinority', 'severity=warning', 'netsplit_cluster=prod-eu', 'netsplit_node=n4'], 'netsplit-ticket'],
    ['critical in a lab cluster never pages', ['alertname=NetsplitSplitBrain', 'severity=critical', 'netsplit_cluster=lab'], 'netsplit-nonprod'],
    ['staging-eu is non-production', ['alertname=NetsplitEtcdQuorumLost', 'severity=critical', 'netsplit_cluster=staging-eu', 'target=main'], 'netsplit-nonprod'],
    ['production-like names stay production', ['alertname=NetsplitEtcdQuorumLost', 'severity=critical', 'netsplit_cluster=testbed', 'target=main'], 'netsplit-page'],
    ['no severity falls back to tickets', ['alertname=Other', 'netsplit_cluster=prod-eu'], 'netsplit-ticket'],
  ])('routes: %s', (_name, labels, receiver) => {
    const result = run('amtool', ['config', 'routes', 'test', `--config.file=${CONFIG}`, `--verify.receivers=${receiver}`, ...labels]);
    expect([result.status, result.stdout.trim()]).toEqual([0, receiver]);
  });
});

interface ApiAlert {
  labels: Record<string, string>;
  status: { state: string; inhibitedBy: string[] };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('the fragment merged into a user\'s own Alertmanager config', () => {
  // A user's config as it might stand before netsplit: their own root receiver and routes.
  const fragment = alertmanagerFragment(DEFAULT_SETTINGS);
  const merged = {
    route: {
      receiver: 'team-default',
      group_by: ['alertname'],
      routes: [fragment.route, { receiver: 'team-db', matchers: ['service="orders-db"'] }],
    },
    inhibit_rules: [{ source_matchers: ['alertname="ClusterDown"'], target_matchers: ['severity="warning"'], equal: ['cluster'] }, ...fragment.inhibit_rules],
    receivers: [{ name: 'team-default' }, { name: 'team-db' }, ...fragment.receivers],
  };
  const file = join(tempDir('alertmanager-merge'), 'alertmanager.yml');
  writeFileSync(file, stringify(merged));

  it('is accepted by amtool', () => {
    const result = run('amtool', ['check-config', file]);
    expect([result.status, output(result)]).toEqual([0, expect.stringContaining(' - 11 inhibit rules')]);
  });

  it.each([
    ['a netsplit page', ['alertname=NetsplitPartitionDetected', 'severity=critical', 'netsplit_cluster=prod-eu'], 'netsplit-page'],
    ['a netsplit warning', ['alertname=NetsplitNodeDown', 'severity=warning', 'netsplit_cluster=prod-eu', 'netsplit_node=n3'], 'netsplit-ticket'],
    ['the user\'s own critical alert', ['alertname=DiskFull', 'severity=critical', 'cluster=prod-eu'], 'team-default'],
    ['the user\'s own routed alert', ['alertname=ReplicaLag', 'service=orders-db'], 'team-db'],
  ])('routes %s', (_name, labels, receiver) => {
    const result = run('amtool', ['config', 'routes', 'test', `--config.file=${file}`, `--verify.receivers=${receiver}`, ...labels]);
    expect([result.status, result.stdout.trim()]).toEqual([0, receiver]);
  });
});

describe('inhibition in a real Alertmanager', () => {
  let alertmanager: ChildProcess | undefined;
  let base = '';
  let log = '';

  beforeAll(async () => {
    const binary = requireTool('prometheus-alertmanager');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    alertmanager = spawn(
      binary,
      [
        `--config.file=${join(ROOT, CONFIG)}`,
        `--storage.path=${tempDir('alertmanager')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    alertmanager.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    // Bounded wait for readiness: fail with Alertmanager's own log rather than hang.
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if (alertmanager.exitCode !== null) break;
      const ready = await fetch(`${base}/-/ready`).then((response) => response.ok, () => false);
      if (ready) return;
      await pause(50);
    }
    throw new Error(`Alertmanager did not become ready:\n${log}`);
  });

  afterAll(async () => {
    if (alertmanager?.pid !== undefined && alertmanager.exitCode === null) {
      const exited = once(alertmanager, 'exit');
      process.kill(alertmanager.pid, 'SIGTERM');
      await exited;
    }
    removeTempDirs();
  });

  const prod = 'prod-eu';
  const other = 'prod-us';
  const posted: Record<string, string>[] = [
    { alertname: 'NetsplitPartitionDetected', severity: 'critical', scope: 'cluster', netsplit_cluster: prod },
    { alertname: 'NetsplitNodeMinority', severity: 'warning', scope: 'node', netsplit_cluster: prod, netsplit_node: 'n4' },
    { alertname: 'NetsplitEtcdMemberNoLeader', severity: 'warning', scope: 'member', system: 'etcd', partition_explains: 'true', netsplit_cluster: prod, target: 'main', member: 'etcd-n4' },
    { alertname: 'NetsplitEtcdMemberNoLeader', severity: 'warning', scope: 'member', system: 'etcd', partition_explains: 'true', netsplit_cluster: prod, target: 'main', member: 'etcd-n5' },
    { alertname: 'NetsplitRedisMasterLinkDown', severity: 'warning', scope: 'replica', system: 'redis', netsplit_cluster: prod, target: 'cache', replica: 'redis-cut', reason: 'network_cut', partition_explains: 'true' },
    { alertname: 'NetsplitRedisMasterLinkDown', severity: 'warning', scope: 'replica', system: 'redis', netsplit_cluster: prod, target: 'cache', replica: 'redis-broken', reason: 'database' },
    { alertname: 'NetsplitMySQLReplicationBroken', severity: 'critical', scope: 'replica', system: 'mysql', netsplit_cluster: prod, target: 'legacy', replica: 'mysql-r1', thread: 'io' },
    { alertname: 'NetsplitEtcdMemberNoLeader', severity: 'warning', scope: 'member', system: 'etcd', partition_explains: 'true', netsplit_cluster: other, target: 'main', member: 'etcd-a1' },
    { alertname: 'NetsplitEtcdQuorumLost', severity: 'critical', scope: 'cluster', system: 'etcd', netsplit_cluster: other, target: 'events' },
    { alertname: 'NetsplitEtcdWritesFailing', severity: 'warning', scope: 'member', system: 'etcd', partition_explains: 'true', netsplit_cluster: other, target: 'events' },
    { alertname: 'NetsplitNodeDown', severity: 'warning', scope: 'node', netsplit_cluster: other, netsplit_node: 'n7' },
    { alertname: 'NetsplitExporterDown', severity: 'warning', scope: 'exporter', partition_explains: 'true', netsplit_cluster: other, netsplit_node: 'n7', job: 'netsplit', instance: 'n7:9465' },
    { alertname: 'NetsplitExporterDown', severity: 'warning', scope: 'exporter', partition_explains: 'true', netsplit_cluster: other, netsplit_node: 'n8', job: 'netsplit', instance: 'n8:9465' },
  ];
  const key = (labels: Record<string, string>) =>
    [labels.alertname, labels.netsplit_cluster, labels.member ?? labels.replica ?? labels.netsplit_node ?? labels.target ?? ''].join(' ');

  it('posts alerts labelled as the generated rules label them', () => {
    const byName = new Map(allAlerts(DEFAULT_SETTINGS).map((alert) => [alert.name, alert]));
    for (const labels of posted) {
      const alert = byName.get(labels.alertname ?? '');
      if (alert === undefined) throw new Error(`posted alert ${labels.alertname} is not generated`);
      expect(labels).toEqual(expect.objectContaining(staticLabels(alert, DEFAULT_SETTINGS)));
    }
  });

  it('suppresses exactly the alerts a partition or a lost quorum explains, per cluster', async () => {
    const startsAt = new Date().toISOString();
    const response = await fetch(`${base}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(posted.map((labels) => ({ labels, annotations: { summary: 'test' }, startsAt }))),
    });
    expect(response.status).toBe(200);

    // The inhibitor learns source alerts asynchronously: read until the expected picture shows
    // (bounded, so a broken setup fails with what Alertmanager reported instead of hanging).
    const expected: Record<string, string> = {
      'NetsplitPartitionDetected prod-eu ': 'active',
      'NetsplitNodeMinority prod-eu n4': 'active',
      'NetsplitEtcdMemberNoLeader prod-eu etcd-n4': 'suppressed (inhibited)',
      'NetsplitEtcdMemberNoLeader prod-eu etcd-n5': 'suppressed (inhibited)',
      'NetsplitRedisMasterLinkDown prod-eu redis-cut': 'suppressed (inhibited)',
      'NetsplitRedisMasterLinkDown prod-eu redis-broken': 'active',
      'NetsplitMySQLReplicationBroken prod-eu mysql-r1': 'active',
      // n7 is down, not cut off: the member-level consequences in its cluster are its, not a partition's.
      'NetsplitEtcdMemberNoLeader prod-us etcd-a1': 'suppressed (inhibited)',
      'NetsplitEtcdQuorumLost prod-us events': 'active',
      'NetsplitEtcdWritesFailing prod-us events': 'suppressed (inhibited)',
      'NetsplitNodeDown prod-us n7': 'active',
      'NetsplitExporterDown prod-us n7': 'suppressed (inhibited)',
      'NetsplitExporterDown prod-us n8': 'active',
    };
    let states: Record<string, string> = {};
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const alerts = (await (await fetch(`${base}/api/v2/alerts`)).json()) as ApiAlert[];
      states = Object.fromEntries(
        alerts.map((alert) => [key(alert.labels), `${alert.status.state}${alert.status.inhibitedBy.length > 0 ? ' (inhibited)' : ''}`]),
      );
      if (JSON.stringify(Object.entries(states).sort()) === JSON.stringify(Object.entries(expected).sort())) break;
      await pause(100);
    }
    expect(states).toEqual(expected);
  });
});
