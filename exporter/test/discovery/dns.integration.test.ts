/**
 * The DNS source against a real dnsmasq: A and AAAA records of one name are one snapshot; a
 * name that does not exist is an empty answer (not an error); a server that does not answer is
 * an error that keeps the last answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resolver } from 'node:dns/promises';
import { startDnsDiscovery } from '../../src/discovery/dns';
import type { DiscoverySource } from '../../src/discovery/source';
import type { DiscoveredAddress } from '../../src/membership';
import { createLogger } from '../../src/log';
import { dnsmasqArgs, requireDnsmasq } from '../support/dnsmasq';
import { eventually, freePorts } from '../agent/helpers';

const DNS_ADDRESS = '127.0.0.3';
let dns: ChildProcess;
let port: number;
let source: DiscoverySource | undefined;

beforeAll(async () => {
  requireDnsmasq();
  [port] = (await freePorts(1)) as [number];
  const dir = mkdtempSync(join(tmpdir(), 'netsplit-dns-source-'));
  const hosts = join(dir, 'hosts');
  writeFileSync(hosts, '10.0.0.2 agents.source.test\n10.0.0.1 agents.source.test\nfd00::7 agents.source.test\n');
  dns = spawn('dnsmasq', dnsmasqArgs(DNS_ADDRESS, port, hosts, 'source.test'), { stdio: 'ignore' });
  // dnsmasq binds its socket a moment after it starts: wait until it answers.
  const probe = new Resolver({ timeout: 200, tries: 1 });
  probe.setServers([`${DNS_ADDRESS}:${port}`]);
  await eventually(() => probe.resolve4('agents.source.test').catch(() => []), (answer) => answer.length === 2, 5000);
});

afterEach(() => source?.stop());
afterAll(() => dns?.kill('SIGTERM'));

function run(name: string, serverPort: number) {
  const snapshots: DiscoveredAddress[][] = [];
  const refreshes: string[] = [];
  const lines: string[] = [];
  source = startDnsDiscovery({ name, refreshMs: 1000, server: { host: DNS_ADDRESS, port: serverPort } }, { onSnapshot: (s) => snapshots.push([...s]), onRefresh: (r) => refreshes.push(r), log: createLogger({}, 'info', (l) => lines.push(l)) });
  return { snapshots, refreshes, lines };
}

test('A and AAAA records of the name are one sorted snapshot', async () => {
  const seen = run('agents.source.test', port);
  await eventually(() => seen.snapshots.length, (n) => n >= 1);
  expect({ first: seen.snapshots[0], refreshes: seen.refreshes[0] }).toEqual({ first: [{ address: '10.0.0.1' }, { address: '10.0.0.2' }, { address: 'fd00::7' }], refreshes: 'ok' });
});

test('a name that does not exist is an empty answer, not an error', async () => {
  const seen = run('nobody.source.test', port);
  await eventually(() => seen.snapshots.length, (n) => n >= 1);
  expect({ first: seen.snapshots[0], refreshes: seen.refreshes[0] }).toEqual({ first: [], refreshes: 'ok' });
});

test('a server that does not answer is an error, logged once, and no snapshot', async () => {
  const [closed] = (await freePorts(1)) as [number];
  const seen = run('agents.source.test', closed);
  await eventually(() => seen.refreshes.length, (n) => n >= 2, 15_000);
  expect({ refreshes: seen.refreshes.slice(0, 2), snapshots: seen.snapshots, logged: seen.lines.map((l) => JSON.parse(l).msg) }).toEqual({
    refreshes: ['error', 'error'],
    snapshots: [],
    logged: ['dns discovery failed, keeping the last answer'],
  });
});
