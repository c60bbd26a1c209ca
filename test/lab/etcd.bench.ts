/**
 * etcd benchmark, measured, never asserted:
 *
 * 1. Halves on a 5-host lab ({n1,n2,n3} | {n4,n5}, leader on the majority side): from the cut,
 *    how long until the minority agents' netsplit_etcd_quorum reads 0, their degradation level
 *    reads ≥ 1, their netsplit_etcd_member_has_leader for their own member reads 0 — against
 *    etcd's own etcd_server_has_leader on those members, sampled in the same loop. Median of
 *    `runs` (≥ 5) and the per-run ratio quorum/etcd (goal ≤ 1.0).
 * 2. Leader isolated on the minority (leader moved to n5, then halves): new leader on the
 *    majority, the stale leader's step-down, the overlap between them, the minority's quorum 0.
 * 3. Probe cost per endpoint: one prober against a 3-member etcd on 127.0.0.1, wall time and
 *    agent CPU per probe (status + member list + linearizable read).
 *
 *   npx tsx test/lab/etcd.bench.ts [--runs 5]        (root; writes bench-results/etcd.json)
 */
import { Lab } from './lab';
import { AgentFleet } from './agent-fleet';
import { ensureExporterBuilt } from './exporter-build';
import { checkLabPrerequisites, describeMissing } from './preflight';
import { newLabSecret } from './lab-secret';
import { halves } from './topology';
import { waitUntil } from './wait-for';
import { valueOf } from './prometheus-text';
import { clientUrl, etcdLogFile, etcdMemberService, moveLeader, requireEtcd, type RunningEtcd } from './services/etcd-member';
import { etcdPicture } from './services/etcd-picture';
import { runBenchMain, summarize, type BenchRow } from '../../exporter/bench/harness';
import { createEndpointProber } from '../../exporter/src/probes/etcd';
import { startLoopbackCluster, eventually } from '../../exporter/test/support/etcd-loopback';
import { summarizeTarget } from '../../exporter/src/probes/etcd-summary';

const ALL = ['n1', 'n2', 'n3', 'n4', 'n5'];
const MINORITY = ['n4', 'n5'];
const PROBES = { interval: '500ms', timeout: '400ms' };
const HEARTBEAT = '250ms';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RunTimes {
  etcdHasLeaderMs: number;
  quorumMs: number;
  levelMs: number;
  memberHasLeaderMs: number;
}

export async function run(options: { runs?: number } = {}): Promise<BenchRow[]> {
  const runs = Math.max(5, options.runs ?? 5);
  requireEtcd();
  const preflight = checkLabPrerequisites();
  if (!preflight.ok) throw new Error(describeMissing(preflight, 'the etcd benchmark'));
  await ensureExporterBuilt();
  return [...(await halvesFlip(runs)), ...(await probeCost())];
}

async function halvesFlip(runs: number): Promise<BenchRow[]> {
  const lab = await Lab.create({ size: 5 });
  try {
    const members = await lab.startOnEveryHost(etcdMemberService({ token: `netsplit-bench-${process.pid}` }));
    const etcdHasLeader = async (m: RunningEtcd) => (await m.hasLeader(1000).catch(() => undefined)) ?? null;
    await waitUntil('etcd has a leader', () => Promise.all(members.map(etcdHasLeader)), (v) => v.every((x) => x === 1), { timeoutMs: 30_000, intervalMs: 200 });
    const fleet = await AgentFleet.start(lab, {
      cluster: 'bench',
      secret: newLabSecret(),
      interval: HEARTBEAT,
      targets: { etcd: [{ name: 'main', endpoints: lab.hosts.map(clientUrl) }] },
      extraConfig: (host) => ({ probes: PROBES, logs: [{ path: etcdLogFile(lab, host), system: 'etcd' }] }),
    });
    const healthy = async () => {
      const [says, metrics] = await Promise.all([Promise.all(members.map(etcdHasLeader)), fleet.metricsOf()]);
      return says.every((x) => x === 1) && ALL.every((n) => etcdPicture(metrics[n]!).quorum === 1 && etcdPicture(metrics[n]!).leaders.length === 1);
    };
    await waitUntil('healthy consensus', healthy, (ok) => ok, { timeoutMs: 30_000, intervalMs: 200 });

    const times: RunTimes[] = [];
    for (let i = 0; i < runs; i++) {
      // The minority must not hold the leader (that is another case): keep it on n1.
      const leaders = etcdPicture((await fleet.metricsOf())['n1']!).leaders;
      if (!['etcd-n1', 'etcd-n2', 'etcd-n3'].includes(leaders[0] ?? '')) {
        await moveLeader(lab, lab.host('n1'));
        await waitUntil('leader on n1', async () => etcdPicture((await fleet.metricsOf())['n1']!).leaders, (l) => l[0] === 'etcd-n1', { timeoutMs: 20_000, intervalMs: 200 });
      }
      await sleep(Math.random() * 500); // a random phase of heartbeats and probes
      const cutAt = Date.now();
      await lab.nemesis.apply(halves(ALL));
      const first: Partial<RunTimes> = {};
      const minorityMembers = members.filter((m) => MINORITY.includes(m.host.name));
      const deadline = cutAt + 20_000;
      while (Date.now() < deadline && Object.keys(first).length < 4) {
        const [says, metrics] = await Promise.all([Promise.all(minorityMembers.map(etcdHasLeader)), fleet.metricsOf(['n1', 'n2', 'n3'])]);
        const at = Date.now() - cutAt;
        const pictures = MINORITY.map((n) => etcdPicture(metrics[n]!));
        if (first.etcdHasLeaderMs === undefined && says.every((x) => x === 0)) first.etcdHasLeaderMs = at;
        if (first.quorumMs === undefined && pictures.every((p) => p.quorum === 0)) first.quorumMs = at;
        if (first.levelMs === undefined && MINORITY.every((n) => (valueOf(metrics[n]!, 'netsplit_degradation_level') ?? 0) >= 1)) first.levelMs = at;
        if (first.memberHasLeaderMs === undefined && MINORITY.every((n, k) => pictures[k]!.hasLeader[`etcd-${n}`] === 0)) first.memberHasLeaderMs = at;
        await sleep(25);
      }
      if (Object.keys(first).length < 4) throw new Error(`run ${i + 1}: not every signal flipped within 20 s: ${JSON.stringify(first)}`);
      times.push(first as RunTimes);
      process.stdout.write(`  halves run ${i + 1}/${runs}: etcd has_leader ${first.etcdHasLeaderMs} ms, netsplit quorum ${first.quorumMs} ms, level ${first.levelMs} ms, member has_leader ${first.memberHasLeaderMs} ms\n`);
      await sleep(1000);
      await lab.nemesis.heal();
      await waitUntil('healthy after heal', healthy, (ok) => ok, { timeoutMs: 30_000, intervalMs: 200 });
      await sleep(2000);
    }
    const row = (name: string, values: number[], target?: string): BenchRow => ({ bench: 'etcd', case: name, unit: 'ms', ...summarize(values), ...(target ? { target } : {}) });
    const isolatedRuns = await leaderIsolated(lab, fleet, members, runs, healthy);
    return [
      row('halves minority: etcd_server_has_leader 0 (etcd itself)', times.map((t) => t.etcdHasLeaderMs), 'etcd alone: median 1580 (docs/architecture.md)'),
      row('halves minority: netsplit_etcd_quorum 0', times.map((t) => t.quorumMs), '<= etcd has_leader'),
      row('halves minority: degradation level >= 1', times.map((t) => t.levelMs), '<= etcd has_leader'),
      row('halves minority: netsplit_etcd_member_has_leader 0', times.map((t) => t.memberHasLeaderMs), `<= etcd + one probe interval (${PROBES.interval})`),
      row('lag: netsplit_etcd_member_has_leader behind etcd', times.map((t) => t.memberHasLeaderMs - t.etcdHasLeaderMs), `<= ${PROBES.interval}`),
      { bench: 'etcd', case: 'ratio netsplit_etcd_quorum / etcd has_leader', unit: 'x', ...summarize(times.map((t) => t.quorumMs / t.etcdHasLeaderMs)), target: '<= 1.0' },
      { bench: 'etcd', case: 'ratio degradation level / etcd has_leader', unit: 'x', ...summarize(times.map((t) => t.levelMs / t.etcdHasLeaderMs)), target: '<= 1.0' },
      ...isolatedRows(isolatedRuns, row),
    ];
  } finally {
    await lab.teardown();
  }
}

interface IsolatedTimes {
  newLeaderMs: number;
  staleStepDownMs: number;
  minorityQuorumMs: number;
}

/**
 * Leader on n5, then halves: when does the majority (as n1's agent sees it) have a new leader,
 * when does etcd-n5 itself stop claiming leadership, and when do the minority agents' quorum read
 * 0. overlap = step-down − new leader: > 0 means both leaders were visible at once.
 */
async function leaderIsolated(lab: Lab, fleet: AgentFleet, members: RunningEtcd[], runs: number, healthy: () => Promise<boolean>): Promise<IsolatedTimes[]> {
  const n5 = members.find((m) => m.host.name === 'n5')!;
  const times: IsolatedTimes[] = [];
  for (let i = 0; i < runs; i++) {
    await moveLeader(lab, lab.host('n5'));
    await waitUntil('leader on n5', async () => etcdPicture((await fleet.metricsOf())['n1']!).leaders, (l) => l[0] === 'etcd-n5', { timeoutMs: 20_000, intervalMs: 200 });
    await sleep(Math.random() * 500);
    const cutAt = Date.now();
    await lab.nemesis.apply(halves(ALL));
    const first: Partial<IsolatedTimes> = {};
    const deadline = cutAt + 20_000;
    while (Date.now() < deadline && Object.keys(first).length < 3) {
      const [staleClaims, metrics] = await Promise.all([n5.isLeader(1000).catch(() => undefined), fleet.metricsOf(['n2', 'n3'])]);
      const at = Date.now() - cutAt;
      const majorityLeaders = etcdPicture(metrics['n1']!).leaders;
      if (first.newLeaderMs === undefined && majorityLeaders.length === 1 && majorityLeaders[0] !== 'etcd-n5') first.newLeaderMs = at;
      if (first.staleStepDownMs === undefined && staleClaims === 0) first.staleStepDownMs = at;
      if (first.minorityQuorumMs === undefined && MINORITY.every((n) => etcdPicture(metrics[n]!).quorum === 0)) first.minorityQuorumMs = at;
      await sleep(25);
    }
    if (Object.keys(first).length < 3) throw new Error(`leader-isolated run ${i + 1}: not every signal seen within 20 s: ${JSON.stringify(first)}`);
    times.push(first as IsolatedTimes);
    process.stdout.write(`  leader isolated run ${i + 1}/${runs}: new leader ${first.newLeaderMs} ms, stale steps down ${first.staleStepDownMs} ms, minority quorum 0 ${first.minorityQuorumMs} ms\n`);
    await sleep(1000);
    await lab.nemesis.heal();
    await waitUntil('healthy after heal', healthy, (ok) => ok, { timeoutMs: 30_000, intervalMs: 200 });
    await sleep(2000);
  }
  return times;
}

function isolatedRows(times: IsolatedTimes[], row: (name: string, values: number[], target?: string) => BenchRow): BenchRow[] {
  return [
    row('leader isolated: majority has a new leader', times.map((t) => t.newLeaderMs)),
    row('leader isolated: stale leader etcd-n5 steps down', times.map((t) => t.staleStepDownMs)),
    row('leader isolated: both leaders visible (step-down - new leader)', times.map((t) => t.staleStepDownMs - t.newLeaderMs)),
    row('leader isolated: minority netsplit_etcd_quorum 0', times.map((t) => t.minorityQuorumMs), '< stale step-down'),
  ];
}

/** Wall time and this process's CPU per probe of one endpoint (keep-alive client, healthy member). */
async function probeCost(samples = 60): Promise<BenchRow[]> {
  const cluster = await startLoopbackCluster(3);
  const prober = createEndpointProber(cluster.members[0]!.clientUrl, 1000);
  const others = cluster.members.slice(1).map((m) => createEndpointProber(m.clientUrl, 1000));
  try {
    await eventually(async () => summarizeTarget('x', await Promise.all([prober, ...others].map((p) => p.probe()))), (s) => s.quorum && s.members.every((m) => m.linearizable === 'ok'), 30_000);
    for (let i = 0; i < 10; i++) await prober.probe(); // warm-up: connection, JIT
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < samples; i++) {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const o = await prober.probe();
      wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      if (!o.up || o.linearizable !== 'ok') throw new Error(`probe failed during the cost benchmark: ${o.errors.join('; ')}`);
    }
    return [
      { bench: 'etcd', case: 'probe per endpoint: wall time (status + member list + read)', unit: 'ms', ...summarize(wall) },
      { bench: 'etcd', case: 'probe per endpoint: agent CPU', unit: 'ms', ...summarize(cpu) },
    ];
  } finally {
    for (const p of [prober, ...others]) p.close();
    await cluster.destroy();
  }
}

if (require.main === module) runBenchMain('etcd', run);
