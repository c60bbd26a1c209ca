/**
 * The long soak: is a long-running agent flat? Not a test: it measures and prints.
 *
 * Four real agents (exporter/dist/cli.js, one process each) on 127.0.0.1 at 500 ms, of which n4
 * flaps (SIGSTOP for 3 s every 10 s, so its links go down and up again); n1–n3 probe a silent etcd
 * endpoint (accepts TCP, never answers), a Redis server restarted every few minutes, a TCP target,
 * and follow a log file that is appended to every second and copytruncated every 2 minutes. Every
 * agent is scraped like Prometheus does (every 15 s). Every 30 s each agent's RSS (/proc), V8 heap
 * in use (its own /metrics), open file descriptors and sockets (/proc/<pid>/fd) are sampled; the
 * run prints one line per sample, then per agent and quantity the first, last and max values and
 * the least-squares slope per hour (after a 5-minute warm-up on runs of 15 minutes or more). All samples go to bench-results/soak-long-samples.json (after
 * every sample, so a run stopped early still leaves its data).
 *
 *   BENCH_SOAK_LONG_MINUTES=60 npm run bench -- soak-long     (default 60; needs npm run build -w exporter)
 * SIGINT ends a run early at the next sample, with the table of what was measured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, sample } from '../test/agent/helpers';
import { RedisServer } from '../test/replication/redis-servers';
import { rssMiB } from './process-stats';
import type { BenchRow } from './harness';

const SECRET = 'soak-long-secret-0123456789abcdef';
const NAMES = ['n1', 'n2', 'n3', 'n4'] as const;
const FLAPPING = 'n4';
const SAMPLE_MS = Number(process.env.BENCH_SOAK_LONG_SAMPLE_SECONDS ?? 30) * 1000;
const SCRAPE_MS = 15_000;
const FLAP_PERIOD_MS = 10_000;
const FLAP_FROZEN_MS = 3_000;
const REDIS_RESTART_MS = 3 * 60_000;
const LOG_TRUNCATE_MS = 2 * 60_000;
/** Start-up (JIT, first GCs, connection pools filling) is not a trend: slopes skip it on long runs. */
const WARM_UP_MINUTES = 5;

interface Sample {
  minute: number;
  agent: string;
  rssMiB: number;
  heapMiB: number;
  fds: number;
  sockets: number;
}

const QUANTITIES = [
  { key: 'rssMiB', label: 'RSS', unit: 'MiB' },
  { key: 'heapMiB', label: 'heap used', unit: 'MiB' },
  { key: 'fds', label: 'open fds', unit: 'fds' },
  { key: 'sockets', label: 'sockets', unit: 'sockets' },
] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function descriptors(pid: number): { fds: number; sockets: number } {
  let sockets = 0;
  const entries = readdirSync(`/proc/${pid}/fd`);
  for (const fd of entries) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets++;
    } catch {
      // closed between readdir and readlink
    }
  }
  return { fds: entries.length, sockets };
}

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

export async function run(minutes = Number(process.env.BENCH_SOAK_LONG_MINUTES ?? 60)): Promise<BenchRow[]> {
  const cli = join(__dirname, '..', 'dist', 'cli.js');
  const [redisPort, silentPort, ...agentPorts] = await freePorts(2 + NAMES.length);
  const dir = mkdtempSync(join(tmpdir(), 'netsplit-soak-long-'));
  const logFile = join(dir, 'etcd.log');
  writeFileSync(logFile, '');

  // The silent etcd endpoint: every connection is accepted and kept, nothing is ever written.
  const held = new Set<Socket>();
  const silent: Server = createServer((socket) => {
    held.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => held.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(silentPort, '127.0.0.1', resolve));
  const redis = new RedisServer(redisPort!);
  await redis.ready();

  const peers = NAMES.map((n, i) => `  - { name: ${n}, address: "127.0.0.1:${agentPorts[i]}" }\n`).join('');
  const probed = (name: string) =>
    name === FLAPPING
      ? ''
      : `targets:\n` +
        `  etcd: [ { name: silent, endpoints: ["http://127.0.0.1:${silentPort}"] } ]\n` +
        `  redis: [ { name: cache, primary: "redis://127.0.0.1:${redisPort}" } ]\n` +
        `  tcp: [ { name: cache-port, address: "127.0.0.1:${redisPort}" } ]\n` +
        `logs: [ { path: "${logFile}", system: etcd } ]\n`;
  const agents = new Map<string, ChildProcess>();
  for (const [i, name] of NAMES.entries()) {
    const config = join(dir, `${name}.yaml`);
    writeFileSync(config, `cluster: soak\nnode: ${name}\nlisten: "127.0.0.1:${agentPorts[i]}"\nheartbeat: { interval: 500ms }\nlogLevel: warn\npeers:\n${peers}${probed(name)}`);
    const child = spawn('node', [cli, '--config', config], { env: { ...process.env, NETSPLIT_SECRET: SECRET }, stdio: ['ignore', 'ignore', 'inherit'] });
    agents.set(name, child);
  }
  const base = (name: string) => `http://127.0.0.1:${agentPorts[NAMES.indexOf(name as (typeof NAMES)[number])]}`;

  const samples: Sample[] = [];
  const timers: NodeJS.Timeout[] = [];
  const started = Date.now();
  let flaps = 0;
  let redisRestarts = 0;
  let scrapes = 0;
  let scrapeFailures = 0;
  const atEnd = { held: 0 };
  const outDir = 'bench-results';
  mkdirSync(outDir, { recursive: true });
  const samplesFile = join(outDir, 'soak-long-samples.json');
  try {
    for (const name of NAMES) {
      for (let i = 0; i < 100; i++) {
        if (await fetch(`${base(name)}/readyz`).then((r) => r.ok, () => false)) break;
        await sleep(100);
      }
    }
    const flapper = agents.get(FLAPPING)!;
    timers.push(
      setInterval(() => {
        flapper.kill('SIGSTOP');
        flaps++;
        setTimeout(() => flapper.kill('SIGCONT'), FLAP_FROZEN_MS);
      }, FLAP_PERIOD_MS),
    );
    let restarting = false;
    timers.push(
      setInterval(() => {
        if (restarting) return;
        restarting = true;
        void redis
          .restart()
          .then(() => redisRestarts++, (error: unknown) => process.stderr.write(`soak-long: redis restart failed: ${String(error)}\n`))
          .finally(() => (restarting = false));
      }, REDIS_RESTART_MS),
    );
    let line = 0;
    timers.push(setInterval(() => appendFileSync(logFile, `{"level":"warn","msg":"lost TCP streaming connection with remote peer","line":${++line}}\n`), 1000));
    timers.push(setInterval(() => truncateSync(logFile, 0), LOG_TRUNCATE_MS));
    timers.push(
      setInterval(() => {
        for (const name of NAMES) {
          if (name === FLAPPING) continue; // a frozen agent would only time the scrape out
          scrapes++;
          void fetch(`${base(name)}/metrics`, { signal: AbortSignal.timeout(10_000) }).then(
            (r) => r.text(),
            () => scrapeFailures++,
          );
        }
      }, SCRAPE_MS),
    );

    const header = ['minute', ...NAMES.flatMap((n) => [`${n} rss`, `${n} heap`, `${n} fds`, `${n} sock`]), 'held etcd conns'];
    process.stderr.write(header.join('\t') + '\n');
    const end = started + minutes * 60_000;
    // Ctrl-C (SIGINT) ends the run at the next sample and still reports what was measured.
    let interrupted = false;
    process.once('SIGINT', () => (interrupted = true));
    while (Date.now() < end && !interrupted) {
      await sleep(Math.min(SAMPLE_MS, Math.max(0, end - Date.now())));
      const minute = (Date.now() - started) / 60_000;
      const row: string[] = [minute.toFixed(1)];
      for (const name of NAMES) {
        const pid = agents.get(name)!.pid!;
        // The flapping agent may be frozen right now: its heap is read when it answers again.
        const text = await fetch(`${base(name)}/metrics`, { signal: AbortSignal.timeout(FLAP_FROZEN_MS + 5000) }).then((r) => r.text(), () => '');
        const heap = (sample(text, 'nodejs_heap_size_used_bytes') ?? Number.NaN) / 2 ** 20;
        const s: Sample = { minute, agent: name, rssMiB: rssMiB(pid), heapMiB: heap, ...descriptors(pid) };
        samples.push(s);
        row.push(s.rssMiB.toFixed(1), s.heapMiB.toFixed(1), String(s.fds), String(s.sockets));
      }
      row.push(String(held.size));
      process.stderr.write(row.join('\t') + '\n');
      writeFileSync(samplesFile, JSON.stringify({ minutes, started: new Date(started).toISOString(), flaps, redisRestarts, scrapes, scrapeFailures, heldEtcdConnections: held.size, samples }, null, 2) + '\n');
    }
  } finally {
    atEnd.held = held.size;
    for (const timer of timers) clearInterval(timer);
    for (const child of agents.values()) {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
    }
    await Promise.all([...agents.values()].map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)));
    await redis.destroy();
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }

  const rows: BenchRow[] = [];
  const ran = (Date.now() - started) / 60_000;
  for (const name of NAMES) {
    const mine = samples.filter((s) => s.agent === name);
    for (const q of QUANTITIES) {
      const warm = ran >= 3 * WARM_UP_MINUTES ? mine.filter((s) => s.minute >= WARM_UP_MINUTES) : mine;
      const points = warm.map((s) => ({ x: s.minute / 60, y: s[q.key] })).filter((p) => Number.isFinite(p.y));
      if (points.length === 0) continue;
      const ys = points.map((p) => p.y);
      rows.push({
        bench: 'soak-long',
        case: `${name}${name === FLAPPING ? ' (flapping)' : ''} ${q.label}: first ${ys[0]!.toFixed(1)}, last ${ys[ys.length - 1]!.toFixed(1)}${warm === mine ? '' : ` (from minute ${WARM_UP_MINUTES})`}`,
        unit: q.unit,
        median: ys.slice().sort((a, b) => a - b)[Math.floor(ys.length / 2)]!,
        min: Math.min(...ys),
        max: Math.max(...ys),
        samples: ys.length,
        target: `slope ${slope(points).toFixed(2)} ${q.unit}/h`,
      });
    }
  }
  process.stderr.write(`soak-long: ${ran.toFixed(1)} min, ${flaps} freezes of ${FLAPPING}, ${redisRestarts} Redis restarts, ${scrapes} scrapes (${scrapeFailures} failed), ${atEnd.held} connections held by the silent etcd endpoint at the end; samples in ${samplesFile}\n`);
  return rows;
}
