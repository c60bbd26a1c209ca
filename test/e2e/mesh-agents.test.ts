/**
 * The mesh's integration test: five agents as real processes on five hosts (network namespaces
 * with their own addresses), driven through what they export.
 */
import { join } from 'node:path';
import { Lab } from '../lab/lab';
import { AgentFleet } from '../lab/agent-fleet';
import { ensureExporterBuilt } from '../lab/exporter-build';
import { newLabSecret } from '../lab/lab-secret';
import { requireLabPrerequisites } from '../lab/preflight';
import { oneWay } from '../lab/topology';
import { select, valueOf, type Sample } from '../lab/prometheus-text';
import { waitUntil } from '../lab/wait-for';
import { AGENT_PORT } from '../lab/agent-service';

// testTimeout in test/jest.config.js is a global option that jest ignores inside `projects`.
jest.setTimeout(120_000);

const ALL = ['n1', 'n2', 'n3', 'n4', 'n5'];
const everyone = (role: string) => Object.fromEntries(ALL.map((n) => [n, role]));

const total = (samples: readonly Sample[], name: string) => select(samples, name).reduce((sum, s) => sum + s.value, 0);

describe('mesh agents on five namespace hosts (integration)', () => {
  let lab: Lab | undefined;
  let fleet: AgentFleet;

  beforeAll(async () => {
    requireLabPrerequisites('The mesh integration tests');
    await ensureExporterBuilt();
    lab = await Lab.create({ size: 5 });
    fleet = await AgentFleet.start(lab, { cluster: 'lab', secret: newLabSecret(), interval: '250ms' });
  });

  afterAll(async () => {
    await lab?.teardown();
  });

  afterEach(async () => {
    await lab?.nemesis.reset();
    await fleet?.waitUntilHealthy();
  });

  it('healthy: every agent says healthy and every link is up', async () => {
    expect((await fleet.waitForRoles(everyone('healthy'))).value).toEqual(everyone('healthy'));
    const up: Record<string, number | undefined> = {};
    for (const target of ALL) for (const source of ALL) if (source !== target) up[`${source}→${target}`] = await fleet.linkUp(source, target);
    expect(Object.values(up)).toEqual(Array(20).fill(1));
    expect(await Promise.all(fleet.agents.map((a) => a.ready()))).toEqual([true, true, true, true, true]);
    const ready = await fleet.metricsOf();
    expect(ALL.map((n) => valueOf(ready[n]!, 'netsplit_ready'))).toEqual([1, 1, 1, 1, 1]);
  });

  it('a peer frozen with SIGSTOP: the others show its link down and stay majority; it is not called minority', async () => {
    lab!.nemesis.freeze('n5');
    const others = { n1: 'majority', n2: 'majority', n3: 'majority', n4: 'majority' };
    expect((await fleet.waitForRoles(others, { except: ['n5'] })).value).toEqual(others);
    const linksFromN5 = await Promise.all(['n1', 'n2', 'n3', 'n4'].map((target) => fleet.linkUp('n5', target)));
    expect(linksFromN5).toEqual([0, 0, 0, 0]);
    // Until n5's last row ages out (views.maxAge, 2 s here) the others still hold it and derive
    // a passing role for n5 from it (majority/minority for a few hundred ms while relayed rows
    // catch up, then isolated). Once it has aged out, n5 is unknown in every verdict — and stays
    // unknown, never minority, for as long as it is frozen.
    const rolesOfN5 = async () => Promise.all(['n1', 'n2', 'n3', 'n4'].map(async (n) => (await fleet.agent(n).view()).verdict?.roles.n5 ?? 'unknown'));
    const settled = await waitUntil('n5 unknown in every view', rolesOfN5, (roles) => roles.every((r) => r === 'unknown'));
    expect(settled.value).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    const later = new Set<string>();
    for (const until = Date.now() + 1500; Date.now() < until; ) (await rolesOfN5()).forEach((r) => later.add(r));
    expect([...later]).toEqual(['unknown']);
    for (const name of ['n1', 'n2', 'n3', 'n4']) {
      const verdict = (await fleet.agent(name).view()).verdict!;
      expect({ node: name, role: verdict.role, unreachable: verdict.unreachable }).toEqual({ node: name, role: 'majority', unreachable: ['n5'] });
    }
    lab!.nemesis.thaw('n5');
    expect((await fleet.waitForRoles(everyone('healthy'))).value).toEqual(everyone('healthy'));
  });

  it('a one-way drop (input rule at n1 for n5): link_up{n5→n1} 0 at n1 while link_up{n1→n5} stays 1 at n5', async () => {
    await lab!.nemesis.apply(oneWay('n5', 'n1'));
    await waitUntil('n1 sees n5→n1 down', () => fleet.linkUp('n5', 'n1'), (v) => v === 0, { timeoutMs: 10_000 });
    // Keep watching the healthy direction for a while: it must never drop.
    const reverse = new Set<number | undefined>();
    const watchUntil = Date.now() + 2000;
    while (Date.now() < watchUntil) reverse.add(await fleet.linkUp('n1', 'n5'));
    expect({ 'n5→n1 at n1': await fleet.linkUp('n5', 'n1'), 'n1→n5 at n5 (all samples)': [...reverse] }).toEqual({ 'n5→n1 at n1': 0, 'n1→n5 at n5 (all samples)': [1] });
  });

  it('500 garbage datagrams change nothing but netsplit_heartbeat_rejected_total', async () => {
    const before = await fleet.metricsOf();
    const rejectedBefore: Record<string, number> = Object.fromEntries(select(before.n1!, 'netsplit_heartbeat_rejected_total').map((s) => [s.labels.reason!, s.value]));
    // From n2's host, to n1's heartbeat port: 100 each of five kinds of garbage.
    const sender = lab!.spawn(lab!.host('n2'), 'garbage n2→n1', process.execPath, [join(__dirname, '..', 'lab', 'garbage-sender.mjs'), lab!.host('n1').address, String(AGENT_PORT), 'lab', 'n2', '100']);
    const sent = JSON.parse((await sender.waitForLine((l) => l.text.includes('"sent"'), 15_000, 'summary line')).text) as { total: number };
    expect(sent.total).toBe(500);
    const rejectedDelta = async () => {
      const now: Record<string, number> = Object.fromEntries(select(await fleet.agent('n1').metrics(), 'netsplit_heartbeat_rejected_total').map((s) => [s.labels.reason!, s.value]));
      const delta: Record<string, number> = {};
      for (const [reason, value] of Object.entries(now)) if (value !== (rejectedBefore[reason] ?? 0)) delta[reason] = value - (rejectedBefore[reason] ?? 0);
      return delta;
    };
    const delta = await waitUntil('n1 rejected 500 datagrams', rejectedDelta, (d) => Object.values(d).reduce((a, b) => a + b, 0) >= 500, { timeoutMs: 10_000 });
    expect(delta.value).toEqual({ malformed: 200, oversized: 100, unsigned: 100, bad_signature: 100 });

    const after = await fleet.metricsOf();
    const unchanged = (samples: Record<string, Sample[]>) =>
      Object.fromEntries(
        ALL.map((n) => [
          n,
          {
            role: select(samples[n]!, 'netsplit_node_role').find((s) => s.value === 1)?.labels.role,
            linksUp: select(samples[n]!, 'netsplit_link_up').filter((s) => s.value === 1).length,
            linkTransitions: total(samples[n]!, 'netsplit_link_transitions_total'),
            roleTransitions: valueOf(samples[n]!, 'netsplit_role_transitions_total'),
            viewRejected: total(samples[n]!, 'netsplit_view_rejected_total'),
          },
        ]),
      );
    expect(unchanged(after)).toEqual(unchanged(before));
    expect(unchanged(after).n1).toEqual({ role: 'healthy', linksUp: 4, linkTransitions: unchanged(before).n1!.linkTransitions, roleTransitions: unchanged(before).n1!.roleTransitions, viewRejected: 0 });
  });
});
