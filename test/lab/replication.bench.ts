/**
 * Replication benchmark, measured, never asserted. Lab: Redis, PostgreSQL and MariaDB
 * primaries on n1 and replicas on n2, an agent on each of five hosts at the default heartbeat
 * (500 ms, downAfter 3, upAfter 2) and default probes (every 2 s, deadline 1 s).
 *
 * 1. A clean cut {n1,n3,n4} | {n2,n5}: from the cut, how long until netsplit_replication_up reads 0
 *    on the primary's agent (n1) and on the replica's agent (n2), per system; from the heal, how
 *    long until it reads 1 again. Median of `runs` (≥ 5). The community exporters flip only when
 *    each database's own 60 s timeout fires (docs/architecture.md).
 * 2. Probe cost per instance: wall time of a probe (netsplit_replication_probe_duration_seconds,
 *    sampled), statements per probe as the servers count them, connections each server holds
 *    for the five agents.
 *
 *   npx tsx test/lab/replication.bench.ts [--runs 5]        (root; writes bench-results/replication.json)
 */
import { runBenchMain, summarize, type BenchRow } from '../../exporter/bench/harness';
import { partition } from './topology';
import { select } from './prometheus-text';
import { waitForEqual } from './wait-for';
import { everyLink, linkReading, readLinks, startReplicationLab, SYSTEMS, type ReplicationLab, type System } from './replication-lab';

const ALL = ['n1', 'n2', 'n3', 'n4', 'n5'];
const ENDS = ['n1', 'n2'] as const;
const PROBE_INTERVAL_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the two ends' agents every 50 ms; the first time each (agent, system) reads `want`, in ms after `since`. */
async function timeUntil(setup: ReplicationLab, want: number, since: number, timeoutMs = 90_000): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const until = Date.now() + timeoutMs;
  while (seen.size < ENDS.length * SYSTEMS.length && Date.now() < until) {
    await Promise.all(
      ENDS.map(async (agent) => {
        const samples = await setup.fleet.agent(agent).metrics(1000).catch(() => undefined);
        const at = Date.now();
        if (samples === undefined) return;
        for (const system of SYSTEMS) {
          const key = `${agent}/${system}`;
          if (!seen.has(key) && linkReading(samples, system, setup.replicaId[system]).up === want) seen.set(key, at - since);
        }
      }),
    );
    await sleep(50);
  }
  return seen;
}

async function cutAndHeal(setup: ReplicationLab, runs: number): Promise<BenchRow[]> {
  const down = new Map<string, number[]>();
  const up = new Map<string, number[]>();
  const record = (into: Map<string, number[]>, times: Map<string, number>) => {
    for (const [key, ms] of times) into.set(key, [...(into.get(key) ?? []), ms]);
  };
  for (let i = 0; i < runs; i++) {
    await waitForEqual(() => readLinks(setup, ALL), everyLink(ALL, '1:-'), { timeoutMs: 90_000, intervalMs: 200 });
    await sleep(1000 + Math.random() * PROBE_INTERVAL_MS); // a random phase of heartbeats and probe rounds
    const cutAt = await setup.lab.nemesis.apply(partition('primary-vs-replica', [['n1', 'n3', 'n4'], ['n2', 'n5']]));
    record(down, await timeUntil(setup, 0, cutAt));
    await sleep(2000);
    const healAt = await setup.lab.nemesis.heal();
    record(up, await timeUntil(setup, 1, healAt));
    console.error(`run ${i + 1}/${runs} done`);
  }
  const rows: BenchRow[] = [];
  for (const system of SYSTEMS) {
    for (const agent of ENDS) {
      const side = agent === 'n1' ? "primary's agent" : "replica's agent";
      const d = down.get(`${agent}/${system}`) ?? [];
      const u = up.get(`${agent}/${system}`) ?? [];
      if (d.length > 0) rows.push({ bench: 'replication', case: `${system} cut → up 0 (${side})`, unit: 'ms', ...summarize(d), target: '<= 3000 (community exporters ~60000)' });
      if (u.length > 0) rows.push({ bench: 'replication', case: `${system} heal → up 1 (${side})`, unit: 'ms', ...summarize(u) });
    }
  }
  return rows;
}

/**
 * Statements the servers counted for the replica instance. PostgreSQL is left out: its
 * pg_stat_database counters are flushed by a session only every so often while it stays idle
 * between probes, so they undercount (its probe is one SELECT by construction).
 */
async function statementCounters(setup: ReplicationLab): Promise<Record<Exclude<System, 'postgres'>, number>> {
  const info = await setup.replicas.redis.command('INFO commandstats');
  const redisInfo = Number(/cmdstat_info:calls=(\d+)/.exec(info)?.[1] ?? NaN);
  const questions = await setup.replicas.mysql.sql("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'QUESTIONS'");
  return { redis: redisInfo, mysql: Number(questions.trim()) };
}

async function probeCost(setup: ReplicationLab, windowMs = 30_000): Promise<BenchRow[]> {
  await waitForEqual(() => readLinks(setup, ALL), everyLink(ALL, '1:-'), { timeoutMs: 90_000, intervalMs: 200 });
  const durations = new Map<System, number[]>();
  const before = await statementCounters(setup);
  const started = Date.now();
  while (Date.now() - started < windowMs) {
    for (const agent of ALL) {
      const samples = await setup.fleet.agent(agent).metrics();
      for (const system of SYSTEMS) {
        for (const s of select(samples, 'netsplit_replication_probe_duration_seconds', { system })) durations.set(system, [...(durations.get(system) ?? []), s.value * 1000]);
      }
    }
    await sleep(PROBE_INTERVAL_MS);
  }
  const after = await statementCounters(setup);
  const elapsed = Date.now() - started;
  // Each agent probes each instance once per interval: agents × window / interval probes of the replica.
  const probes = (ALL.length * elapsed) / PROBE_INTERVAL_MS;
  const rows: BenchRow[] = [];
  const connections: Record<System, number> = {
    redis: (await setup.replicas.redis.command('CLIENT LIST')).split('\n').filter((l) => l.includes('cmd=info')).length,
    postgres: Number((await setup.replicas.postgres.sql("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'netsplit'"))[0]?.n ?? NaN),
    mysql: Number((await setup.replicas.mysql.sql("SELECT count(*) FROM information_schema.PROCESSLIST WHERE USER = 'netsplit'")).trim()),
  };
  // The counters' own reads (one per read, two reads) are not the agents'.
  const ownReads = { redis: 2, mysql: 2 };
  for (const system of SYSTEMS) {
    rows.push({ bench: 'replication', case: `${system} probe wall time per instance`, unit: 'ms', ...summarize(durations.get(system) ?? [NaN]) });
    if (system !== 'postgres') {
      const perProbe = (after[system] - before[system] - ownReads[system]) / probes;
      rows.push({ bench: 'replication', case: `${system} statements per probe (server count / probes)`, unit: 'stmts', median: perProbe, min: perProbe, max: perProbe, samples: 1 });
    }
    rows.push({ bench: 'replication', case: `${system} connections held per server (5 agents)`, unit: 'conns', median: connections[system], min: connections[system], max: connections[system], samples: 1 });
  }
  return rows;
}

export async function run(options: { runs?: number } = {}): Promise<BenchRow[]> {
  const runs = Math.max(5, options.runs ?? 5);
  const setup = await startReplicationLab({ interval: '500ms' });
  try {
    return [...(await cutAndHeal(setup, runs)), ...(await probeCost(setup))];
  } finally {
    await setup.lab.teardown();
  }
}

if (require.main === module) runBenchMain('replication', run);
