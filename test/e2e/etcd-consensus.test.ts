/**
 * etcd consensus on real hosts: five etcd 3.4 members with --pre-vote, one per lab host,
 * and five agents probing all of them and following their own host's etcd log. Partitions are
 * real packet drops; each case heals and waits for a healthy cluster before the next.
 */
import { isDeepStrictEqual } from 'node:util';
import { Lab } from '../lab/lab';
import { AgentFleet } from '../lab/agent-fleet';
import { ensureExporterBuilt } from '../lab/exporter-build';
import { newLabSecret } from '../lab/lab-secret';
import { requireLabPrerequisites } from '../lab/preflight';
import { bridge, halves } from '../lab/topology';
import { poll, waitUntil } from '../lab/wait-for';
import { clientUrl, etcdLogFile, etcdMemberService, moveLeader, requireEtcd, type RunningEtcd } from '../lab/services/etcd-member';
import { etcdPicture, type EtcdPicture } from '../lab/services/etcd-picture';

jest.setTimeout(180_000);

const ALL = ['n1', 'n2', 'n3', 'n4', 'n5'];
const MEMBERS = ALL.map((n) => `etcd-${n}`);

describe('etcd consensus on a 5-host lab (etcd --pre-vote, agents probing every 500 ms)', () => {
  let lab: Lab | undefined;
  let fleet: AgentFleet;
  let members: RunningEtcd[];

  beforeAll(async () => {
    requireLabPrerequisites('The etcd lab tests');
    requireEtcd();
    await ensureExporterBuilt();
    lab = await Lab.create({ size: 5 });
    const l = lab;
    members = await l.startOnEveryHost(etcdMemberService({ token: `netsplit-lab-${process.pid}` }));
    await waitUntil('every etcd member has a leader', () => etcdSays(), (says) => Object.values(says).every((v) => v === 1), { timeoutMs: 30_000, intervalMs: 200 });
    fleet = await AgentFleet.start(l, {
      cluster: 'lab',
      secret: newLabSecret(),
      interval: '250ms',
      targets: { etcd: [{ name: 'main', endpoints: l.hosts.map(clientUrl) }] },
      extraConfig: (host) => ({ probes: { interval: '500ms', timeout: '400ms' }, logs: [{ path: etcdLogFile(l, host), system: 'etcd', target: 'main' }] }),
    });
    await waitForHealthyConsensus();
  });

  afterAll(async () => {
    await lab?.teardown();
  });

  /** etcd's own etcd_server_has_leader of every member (null when it does not answer). */
  async function etcdSays(): Promise<Record<string, number | null>> {
    return Object.fromEntries(await Promise.all(members.map(async (m) => [m.name, (await m.hasLeader().catch(() => undefined)) ?? null] as const)));
  }

  async function pictures(): Promise<Record<string, EtcdPicture>> {
    return Object.fromEntries(Object.entries(await fleet.metricsOf()).map(([name, samples]) => [name, etcdPicture(samples)]));
  }

  async function waitForHealthyConsensus(): Promise<void> {
    await waitUntil(
      'every agent sees all five members with one leader and quorum',
      pictures,
      (p) => ALL.every((n) => p[n]!.quorum === 1 && p[n]!.level === 0 && isDeepStrictEqual(p[n]!.up, MEMBERS) && Object.values(p[n]!.hasLeader).every((v) => v === 1) && p[n]!.leaders.length === 1),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  }

  async function leaderOnEveryAgent(member: string): Promise<void> {
    await waitUntil(`every agent sees ${member} as the only leader`, pictures, (p) => ALL.every((n) => isDeepStrictEqual(p[n]!.leaders, [member])), { timeoutMs: 20_000, intervalMs: 200 });
  }

  async function healAndWait(): Promise<void> {
    await lab!.nemesis.reset();
    await waitUntil('every etcd member has a leader again', () => etcdSays(), (says) => Object.values(says).every((v) => v === 1), { timeoutMs: 30_000, intervalMs: 200 });
    await waitForHealthyConsensus();
  }

  it('healthy: every agent reaches all five members, one leader, quorum 1, level 0', async () => {
    const p = await pictures();
    for (const n of ALL) expect([p[n]!.quorum, p[n]!.level, p[n]!.up, p[n]!.leaders.length]).toEqual([1, 0, MEMBERS, 1]);
  });

  it('halves {n1,n2,n3} | {n4,n5}: minority has_leader 0 and quorum 0, majority quorum 1 — as etcd itself says', async () => {
    await moveLeader(lab!, lab!.host('n1'));
    await leaderOnEveryAgent('etcd-n1');
    await lab!.nemesis.apply(halves(ALL));
    const expected = {
      n1: { quorum: 1, level: 0, own: { 'etcd-n1': 1, 'etcd-n2': 1, 'etcd-n3': 1 } },
      n2: { quorum: 1, level: 0, own: { 'etcd-n1': 1, 'etcd-n2': 1, 'etcd-n3': 1 } },
      n3: { quorum: 1, level: 0, own: { 'etcd-n1': 1, 'etcd-n2': 1, 'etcd-n3': 1 } },
      n4: { quorum: 0, level: 1, own: { 'etcd-n4': 0, 'etcd-n5': 0 } },
      n5: { quorum: 0, level: 1, own: { 'etcd-n4': 0, 'etcd-n5': 0 } },
    };
    const condensed = (p: Record<string, EtcdPicture>) => Object.fromEntries(ALL.map((n) => [n, { quorum: p[n]!.quorum, level: p[n]!.level, own: p[n]!.hasLeader }]));
    const seen = await poll(async () => condensed(await pictures()), (c) => isDeepStrictEqual(c, expected), { timeoutMs: 20_000, intervalMs: 200 });
    expect(seen.value).toEqual(expected);
    // etcd's own has_leader, member by member, agrees with what the agents on its side report.
    expect(await etcdSays()).toEqual({ 'etcd-n1': 1, 'etcd-n2': 1, 'etcd-n3': 1, 'etcd-n4': 0, 'etcd-n5': 0 });
    // The minority's etcd logs the broken peer streams; its agent counts them through `logs:`.
    const logged = await poll(pictures, (p) => p.n4!.streamLostLines > 0 && p.n5!.streamLostLines > 0, { timeoutMs: 30_000, intervalMs: 500 });
    expect([logged.value!.n4!.streamLostLines > 0, logged.value!.n5!.streamLostLines > 0]).toEqual([true, true]);
    await healAndWait();
  });

  it('bridge {n1,n2} – n3 – {n4,n5} with the leader on n1: n4/n5 reach a majority, yet their members lose the leader and their level drops to 1', async () => {
    await moveLeader(lab!, lab!.host('n1'));
    await leaderOnEveryAgent('etcd-n1');
    await lab!.nemesis.apply(bridge(['n1', 'n2'], 'n3', ['n4', 'n5']));
    const expected = {
      n4: { role: 'majority', level: 1, own: 0 },
      n5: { role: 'majority', level: 1, own: 0 },
      n3: { role: 'healthy', level: 0, own: 1 },
    };
    const condensed = (p: Record<string, EtcdPicture>) => ({
      n4: { role: p.n4!.role, level: p.n4!.level, own: p.n4!.hasLeader['etcd-n4'] },
      n5: { role: p.n5!.role, level: p.n5!.level, own: p.n5!.hasLeader['etcd-n5'] },
      n3: { role: p.n3!.role, level: p.n3!.level, own: p.n3!.hasLeader['etcd-n3'] },
    });
    const seen = await poll(async () => condensed(await pictures()), (c) => isDeepStrictEqual(c, expected), { timeoutMs: 20_000, intervalMs: 200 });
    expect(seen.value).toEqual(expected);
    const says = await etcdSays();
    expect([says['etcd-n3'], says['etcd-n4'], says['etcd-n5']]).toEqual([1, 0, 0]);
    await healAndWait();
  });

  it('leader isolated on the minority side: the majority elects a new leader, the stale one steps down, and the minority never shows quorum', async () => {
    await moveLeader(lab!, lab!.host('n5'));
    await leaderOnEveryAgent('etcd-n5');
    await lab!.nemesis.apply(halves(ALL));
    // Sample the whole fleet until the majority has a new leader and n5 has stepped down.
    const timeline: { at: number; majorityLeaders: string[]; minorityLeaders: string[]; minorityQuorum: (number | null)[]; minorityRoles: string[] }[] = [];
    const done = await poll(
      async () => {
        const p = await pictures();
        const sample = {
          at: Date.now(),
          majorityLeaders: [...new Set(['n1', 'n2', 'n3'].flatMap((n) => p[n]!.leaders))].sort(),
          minorityLeaders: [...new Set(['n4', 'n5'].flatMap((n) => p[n]!.leaders))].sort(),
          minorityQuorum: [p.n4!.quorum, p.n5!.quorum],
          minorityRoles: [p.n4!.role, p.n5!.role],
        };
        timeline.push(sample);
        return sample;
      },
      (s) => s.majorityLeaders.length === 1 && s.majorityLeaders[0] !== 'etcd-n5' && s.minorityLeaders.length === 0,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(done.matched).toBe(true);
    expect(['etcd-n1', 'etcd-n2', 'etcd-n3']).toContain(done.value!.majorityLeaders[0]);
    // Once the mesh puts n4/n5 on the minority side, their quorum is 0 even while n5 still claims to lead.
    const afterDetection = timeline.filter((s) => s.minorityRoles.every((r) => r === 'minority'));
    expect(afterDetection.length).toBeGreaterThan(0);
    expect(afterDetection.filter((s) => s.minorityQuorum.some((q) => q !== 0))).toEqual([]);
    await healAndWait();
  });
});
