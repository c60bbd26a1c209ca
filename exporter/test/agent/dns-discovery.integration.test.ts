/**
 * DNS discovery with a real DNS server: dnsmasq on 127.0.0.2 answers one name with the agents'
 * loopback addresses (127.0.1.1…, one shared port, as in a cluster). Agents configured with no
 * peers but themselves find each other, join when heard, keep a member that is cut off and gone
 * from DNS, and drop one that leaves cleanly. The lab test (test/e2e/dns-discovery.test.ts)
 * repeats this across network namespaces with real cuts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgent, type RunningAgent } from '../../src/agent';
import { parseConfig } from '../../src/config/load';
import { createLogger } from '../../src/log';
import { dnsmasqArgs, requireDnsmasq, writeHosts } from '../support/dnsmasq';
import { eventually, freePorts, metricsText, roleOf, sample, TEST_SECRET } from './helpers';

jest.setTimeout(60_000);

const NAME = 'agents.netsplit.test';
const DNS_ADDRESS = '127.0.0.2';
const address = (i: number) => `127.0.1.${i}`;
let dir: string;
let hostsFile: string;
let dns: ChildProcess;
let port: number;
let dnsPort: number;
const agents = new Map<string, RunningAgent>();
const lines: string[] = [];

async function start(i: number, extra = ''): Promise<void> {
  const name = `n${i}`;
  const text = `cluster: test\nnode: ${name}\nlisten: "${address(i)}:${port}"\nheartbeat: { interval: 100ms, downAfter: 3, upAfter: 2 }\ndiscovery: { dns: { name: ${NAME}, refresh: 1s, server: "${DNS_ADDRESS}:${dnsPort}" } }\nmembership: { removeAfter: 1m, leaveAfter: 30s }\n# every per-peer series, which these tests read (auto is down with discovery)\nmetrics: { links: all }\n${extra}`;
  const parsed = parseConfig(text, `${name}.yaml`, { NETSPLIT_SECRET: TEST_SECRET });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  agents.set(name, await startAgent(parsed.config, createLogger({ node: name }, 'info', (line) => lines.push(line))));
}

async function publish(...indices: number[]): Promise<void> {
  writeHosts(hostsFile, NAME, indices.map(address));
  dns.kill('SIGHUP');
}

const gauge = async (name: string, metric: string, labels: Record<string, string> = {}) => sample(await metricsText(agents.get(name)!), metric, labels);
const membersOf = async (names: string[]) => Object.fromEntries(await Promise.all(names.map(async (n) => [n, await gauge(n, 'netsplit_members', { state: 'active' })])));
const rolesOf = async (names: string[]) => Object.fromEntries(await Promise.all(names.map(async (n) => [n, roleOf(await metricsText(agents.get(n)!))])));
const same = (names: string[], value: unknown) => Object.fromEntries(names.map((n) => [n, value]));

beforeAll(async () => {
  requireDnsmasq();
  [port, dnsPort] = await freePorts(2) as [number, number];
  dir = mkdtempSync(join(tmpdir(), 'netsplit-dns-'));
  hostsFile = join(dir, 'hosts');
  writeHosts(hostsFile, NAME, [1, 2, 3].map(address));
  dns = spawn('dnsmasq', dnsmasqArgs(DNS_ADDRESS, dnsPort, hostsFile, 'netsplit.test'), { stdio: ['ignore', 'ignore', 'pipe'] });
  for (const i of [1, 2, 3]) await start(i);
});

afterAll(async () => {
  await Promise.all([...agents.values()].map((a) => a.stop()));
  dns?.kill('SIGTERM');
});

test('three agents that list only themselves discover each other through one name and become healthy', async () => {
  const three = ['n1', 'n2', 'n3'];
  expect(await eventually(() => rolesOf(three), (r) => Object.values(r).every((x) => x === 'healthy'), 20_000)).toEqual(same(three, 'healthy'));
  expect(await membersOf(three)).toEqual(same(three, 3));
  const text = await metricsText(agents.get('n1')!);
  expect(sample(text, 'netsplit_member_info', { member: 'n2', address: address(2), zone: '' })).toBe(1);
  expect(sample(text, 'netsplit_discovery_unknown_addresses')).toBe(0);
  expect(sample(text, 'netsplit_cluster_members')).toBe(3);
  expect(sample(text, 'netsplit_membership_changes_total', { change: 'joined' })).toBe(2);
  expect(lines.filter((l) => JSON.parse(l).msg === 'membership' && JSON.parse(l).node === 'n1').map((l) => `${JSON.parse(l).member} ${JSON.parse(l).change}`).sort()).toEqual(['n2 joined', 'n3 joined']);
});

test('an address in DNS without an agent is an unknown address, never a member', async () => {
  await publish(1, 2, 3, 9);
  expect(await eventually(() => gauge('n1', 'netsplit_discovery_unknown_addresses'), (v) => v === 1)).toBe(1);
  expect(await gauge('n1', 'netsplit_cluster_members')).toBe(3);
});

test('a fourth agent added to DNS joins every membership', async () => {
  await publish(1, 2, 3, 4);
  await start(4);
  const four = ['n1', 'n2', 'n3', 'n4'];
  expect(await eventually(() => membersOf(four), (m) => Object.values(m).every((x) => x === 4), 20_000)).toEqual(same(four, 4));
  expect(await eventually(() => rolesOf(four), (r) => Object.values(r).every((x) => x === 'healthy'))).toEqual(same(four, 'healthy'));
});

test('an agent stopped cleanly leaves at once: the others are healthy among three, without waiting for removeAfter', async () => {
  await agents.get('n4')!.stop();
  agents.delete('n4');
  const three = ['n1', 'n2', 'n3'];
  expect(await eventually(() => membersOf(three), (m) => Object.values(m).every((x) => x === 3), 5_000)).toEqual(same(three, 3));
  expect(await eventually(() => rolesOf(three), (r) => Object.values(r).every((x) => x === 'healthy'))).toEqual(same(three, 'healthy'));
  expect(lines.filter((l) => JSON.parse(l).msg === 'membership' && JSON.parse(l).change === 'left').map((l) => `${JSON.parse(l).node}: ${JSON.parse(l).member} left`).sort()).toEqual(['n1: n4 left', 'n2: n4 left', 'n3: n4 left']);
  // Its per-peer series went with it; the other peers' stayed.
  const text = await metricsText(agents.get('n1')!);
  const peersIn = (metric: string, label: string) => [...new Set(text.split('\n').filter((l) => l.startsWith(`${metric}{`)).map((l) => new RegExp(`${label}="([^"]*)"`).exec(l)?.[1]))].sort();
  expect({ received: peersIn('netsplit_heartbeats_received_total', 'source'), pulls: peersIn('netsplit_view_pulls_total', 'peer'), rtt: peersIn('netsplit_link_rtt_seconds', 'target') }).toEqual({
    received: ['n2', 'n3'],
    pulls: ['n2', 'n3'],
    rtt: ['n2', 'n3'],
  });
});
