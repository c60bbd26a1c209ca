/**
 * Discovery through a real DNS server on the lab network: dnsmasq (Debian) on host n7 answers
 * one name with the agents' addresses. Agents list only themselves under `peers`; they find each
 * other through the name, a sixth joins when it appears in DNS, a member removed from DNS while
 * it is cut off stays a member (the others stay majority, never healthy with N shrunk), a clean
 * stop leaves at once, and a node in maintenance that stops raises no partition.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { Lab } from '../lab/lab';
import { agentService, type AgentOptions, type RunningAgent } from '../lab/agent-service';
import { ensureExporterBuilt } from '../lab/exporter-build';
import { newLabSecret } from '../lab/lab-secret';
import { requireLabPrerequisites } from '../lab/preflight';
import { isolated } from '../lab/topology';
import { select, valueOf, type Sample } from '../lab/prometheus-text';
import { roleOf } from '../lab/agent-summary';
import { poll, waitUntil } from '../lab/wait-for';
import type { LabProcess } from '../lab/lab-process';
import { dnsmasqArgs, requireDnsmasq, writeHosts } from '../../exporter/test/support/dnsmasq';

jest.setTimeout(180_000);

const NAME = 'agents.netsplit.lab';
const FIVE = ['n1', 'n2', 'n3', 'n4', 'n5'];
const SIX = [...FIVE, 'n6'];
const DNS_HOST = 'n7';

describe('DNS discovery on the lab network (dnsmasq)', () => {
  let lab: Lab | undefined;
  let dns: LabProcess;
  let hostsFile: string;
  let options: AgentOptions;
  const agents = new Map<string, RunningAgent>();

  const addressOf = (name: string) => lab!.host(name).address;
  async function publish(names: readonly string[]): Promise<void> {
    writeHosts(hostsFile, NAME, names.map(addressOf));
    dns.signal('SIGHUP');
  }
  async function start(name: string): Promise<void> {
    agents.set(name, await lab!.startService(agentService(options), lab!.host(name)));
  }
  const metricsOf = async (names: readonly string[]): Promise<Record<string, Sample[]>> =>
    Object.fromEntries(await Promise.all(names.map(async (n) => [n, await agents.get(n)!.metrics()] as const)));
  /** What each agent says: role, N, members by state. */
  async function membership(names: readonly string[]) {
    const metrics = await metricsOf(names);
    return Object.fromEntries(
      names.map((n) => {
        const samples = metrics[n]!;
        const states = Object.fromEntries(select(samples, 'netsplit_members').filter((s) => s.value > 0).map((s) => [s.labels.state!, s.value]));
        return [n, { role: roleOf(samples), n: valueOf(samples, 'netsplit_cluster_members'), states }];
      }),
    );
  }
  const every = <T>(names: readonly string[], value: T) => Object.fromEntries(names.map((n) => [n, value]));

  beforeAll(async () => {
    requireLabPrerequisites('The DNS discovery tests');
    requireDnsmasq();
    await ensureExporterBuilt();
    lab = await Lab.create({ size: 7 });
    hostsFile = join(lab.dir, 'dns-hosts');
    writeHosts(hostsFile, NAME, FIVE.map(addressOf));
    const dnsHost = lab.host(DNS_HOST);
    dns = lab.spawn(dnsHost, 'dnsmasq', 'dnsmasq', dnsmasqArgs(dnsHost.address, 53, hostsFile, 'netsplit.lab'));
    await dns.waitForLine((l) => l.text.includes('read ') && l.text.includes('dns-hosts'), 10_000, 'dnsmasq reading its hosts file');
    options = {
      cluster: 'lab',
      secret: newLabSecret(),
      interval: '250ms',
      extraConfig: (host) => ({
        peers: [{ name: host.name, address: host.address }],
        discovery: { dns: { name: NAME, refresh: '1s', server: dnsHost.address } },
        membership: { removeAfter: '10m', leaveAfter: '30s' },
        // Every member's info series, which the tests read (auto is down with discovery).
        metrics: { links: 'all' },
      }),
    };
    await Promise.all(FIVE.map(start));
  });

  afterAll(async () => {
    await lab?.teardown();
  });

  it('five agents that list only themselves discover each other through one name and reach healthy', async () => {
    const expected = every(FIVE, { role: 'healthy', n: 5, states: { active: 5 } });
    const seen = await poll(() => membership(FIVE), (m) => JSON.stringify(m) === JSON.stringify(expected), { timeoutMs: 30_000, intervalMs: 250 });
    expect(seen.value).toEqual(expected);
    const info = select(await agents.get('n1')!.metrics(), 'netsplit_member_info').map((s) => `${s.labels.member}@${s.labels.address}`);
    expect(info).toEqual(FIVE.map((n) => `${n}@${addressOf(n)}`));
  });

  it('a sixth host added to DNS joins: membership 6 on every agent within a few refreshes', async () => {
    await publish(SIX);
    await start('n6');
    const expected = every(SIX, { role: 'healthy', n: 6, states: { active: 6 } });
    const seen = await poll(() => membership(SIX), (m) => JSON.stringify(m) === JSON.stringify(expected), { timeoutMs: 20_000, intervalMs: 250 });
    expect(seen.value).toEqual(expected);
  });

  it('a host stopped cleanly leaves at once: membership returns to 5, everyone healthy', async () => {
    await agents.get('n6')!.stop();
    agents.delete('n6');
    // n6 is still in DNS: its address is unknown again (no agent answers), never a member.
    const expected = every(FIVE, { role: 'healthy', n: 5, states: { active: 5 } });
    const seen = await poll(() => membership(FIVE), (m) => JSON.stringify(m) === JSON.stringify(expected), { timeoutMs: 10_000, intervalMs: 250 });
    expect(seen.value).toEqual(expected);
    const unknown = await Promise.all(FIVE.map(async (n) => valueOf(await agents.get(n)!.metrics(), 'netsplit_discovery_unknown_addresses')));
    expect(unknown).toEqual([1, 1, 1, 1, 1]);
    const left = FIVE.map((n) => agents.get(n)!.logs().filter((l) => l.entry.msg === 'membership' && l.entry.member === 'n6').map((l) => l.entry.change));
    expect(left).toEqual(FIVE.map(() => ['joined', 'left']));
    await publish(FIVE);
  });

  it('a host removed from DNS while it is cut off stays a member: the others stay majority, never healthy with N shrunk', async () => {
    const four = ['n1', 'n2', 'n3', 'n4'];
    await lab!.nemesis.apply(isolated(FIVE, 'n5'));
    const majority = every(four, { role: 'majority', n: 5, states: { active: 5 } });
    const cut = await poll(() => membership(four), (m) => JSON.stringify(m) === JSON.stringify(majority), { timeoutMs: 15_000, intervalMs: 250 });
    expect(cut.value).toEqual(majority);
    await publish(four);
    const vanished = every(four, { role: 'majority', n: 5, states: { active: 4, vanished: 1 } });
    const gone = await poll(() => membership(four), (m) => JSON.stringify(m) === JSON.stringify(vanished), { timeoutMs: 10_000, intervalMs: 250 });
    expect(gone.value).toEqual(vanished);
    // Five more refreshes: every sample of every agent stays majority of 5.
    const samples = new Set<string>();
    for (const until = Date.now() + 5000; Date.now() < until; ) {
      for (const [name, said] of Object.entries(await membership(four))) samples.add(`${name} ${said.role} N=${said.n}`);
    }
    expect([...samples].sort()).toEqual(four.map((n) => `${n} majority N=5`));
    await publish(FIVE);
    await lab!.nemesis.reset();
    const healthy = every(FIVE, { role: 'healthy', n: 5, states: { active: 5 } });
    const healed = await poll(() => membership(FIVE), (m) => JSON.stringify(m) === JSON.stringify(healthy), { timeoutMs: 20_000, intervalMs: 250 });
    expect(healed.value).toEqual(healthy);
  });

  it('a node in maintenance that stops raises no partition: N excludes it', async () => {
    // Every agent's config lists n5 under maintenance; SIGHUP reloads it (the agent restarts in place).
    for (const name of FIVE) {
      const agent = agents.get(name)!;
      const config = parse(readFileSync(agent.configFile, 'utf8')) as Record<string, unknown>;
      writeFileSync(agent.configFile, stringify({ ...config, maintenance: ['n5'] }));
      agent.process.signal('SIGHUP');
    }
    const four = ['n1', 'n2', 'n3', 'n4'];
    const inMaintenance = every(four, { role: 'healthy', n: 4, states: { active: 4, maintenance: 1 } });
    const reloaded = await poll(() => membership(four), (m) => JSON.stringify(m) === JSON.stringify(inMaintenance), { timeoutMs: 30_000, intervalMs: 250 });
    expect(reloaded.value).toEqual(inMaintenance);
    // A crash: no departure, n5 stays in DNS and stays a member, in maintenance.
    agents.get('n5')!.process.signal('SIGKILL');
    await waitUntil('n5 link down at n1', async () => valueOf(await agents.get('n1')!.metrics(), 'netsplit_link_up', { source: 'n5', target: 'n1' }), (v) => v === 0, { timeoutMs: 10_000 });
    const quiet = new Set<string>();
    for (const until = Date.now() + 3000; Date.now() < until; ) {
      const metrics = await metricsOf(four);
      for (const name of four) {
        const m = metrics[name]!;
        quiet.add(`${name} ${roleOf(m)} partition=${valueOf(m, 'netsplit_partition_detected')} unreachable=${valueOf(m, 'netsplit_nodes_unreachable')} maintenance{n5}=${valueOf(m, 'netsplit_node_maintenance', { member: 'n5' })}`);
      }
    }
    expect([...quiet].sort()).toEqual(four.map((n) => `${n} healthy partition=0 unreachable=0 maintenance{n5}=1`));
  });
});
