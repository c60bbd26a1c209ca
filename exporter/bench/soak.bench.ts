/**
 * One real agent (exporter/dist/cli.js, its own process) with 200 simulated peers
 * (BENCH_SOAK_PEERS, at most 999: a membership of 1000, the most a config takes) at 500 ms on 127.0.0.1,
 * measured for 60 s (BENCH_SOAK_SECONDS) after 30 s of warm-up (BENCH_SOAK_WARMUP_SECONDS): the peers send signed
 * heartbeats and serve views as agents do (deltas after the cursor, or the full view without
 * one), Prometheus-like scrapes come every 15 s. Measures the agent's CPU share of one core, its
 * RSS from /proc, the view bytes it pulled (netsplit_view_bytes_total) and its own /metrics as
 * Prometheus reads it (the metrics bench renders a registry it filled itself; this is the agent's);
 * beside them, how often its main thread was woken and preempted (context switches), to read the
 * CPU of a run against.
 *
 * The simulated peers share one row store (every peer serves the same rows): one process can
 * then stand in for 1000 agents, and the agent under test still gets what real peers would send.
 * Each simulated peer has its own UDP socket, so the agent's heartbeats are delivered (on
 * loopback the kernel's receive work for them is charged to the sender, as it is not on a real
 * network) and the source check stays on.
 */
import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeHeartbeat, encodeHeartbeat } from '../src/mesh/heartbeat-codec';
import { RESPONSE_SIGNATURE_HEADER, nonceOf, signResponse } from '../src/mesh/view-auth';
import { RowStore, compactRow, refreshWindowMs } from '../src/mesh/row-store';
import { membersDigest } from '../src/mesh/row-signature';
import { deltaView } from '../src/mesh/view-delta';
import { freePorts } from '../test/agent/helpers';
import { seriesIn, type BenchRow } from './harness';
import { contextSwitches, cpuSeconds, rssMiB } from './process-stats';
import { setTimeout as sleep } from 'node:timers/promises';

const PEERS = Math.min(999, Math.max(1, Number(process.env.BENCH_SOAK_PEERS ?? 200)));
const INTERVAL_MS = 500;
const WARMUP_SECONDS = Number(process.env.BENCH_SOAK_WARMUP_SECONDS ?? 30);
const SECRET = 'bench-secret-0123456789abcdef0123';

export async function run(seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 60)): Promise<BenchRow[]> {
  const cli = join(__dirname, '..', 'dist', 'cli.js');
  const ports = await freePorts(PEERS + 1);
  const names = ports.map((_, i) => `n${String(i).padStart(3, '0')}`);
  const dir = mkdtempSync(join(tmpdir(), 'netsplit-soak-'));
  const config = join(dir, 'agent.yaml');
  writeFileSync(
    config,
    `cluster: bench\nnode: ${names[0]}\nlisten: "127.0.0.1:${ports[0]}"\nheartbeat: { interval: ${INTERVAL_MS}ms }\nlogLevel: warn\npeers:\n` +
      names.map((n, i) => `  - { name: ${n}, address: "127.0.0.1:${ports[i]}" }\n`).join(''),
  );
  // NETSPLIT_BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the agent.
  const nodeArgs = (process.env.NETSPLIT_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const agent = spawn('node', [...nodeArgs, cli, '--config', config], { env: { ...process.env, NETSPLIT_SECRET: SECRET }, stdio: ['ignore', 'ignore', 'inherit'] });
  const pid = agent.pid!;

  // The simulated peers: each has its own UDP socket on its port, as an agent does: the agent's
  // heartbeats land in a socket (not in an ICMP port-unreachable), the peers' heartbeats come
  // from the configured address (the default source check stays on), and they echo the agent's
  // epoch once they heard it. Views come from one HTTP server per peer port.
  const secret = Buffer.from(SECRET);
  const epoch = Date.now();
  let seq = 0;
  let agentEpoch = 0;
  const sockets = await Promise.all(
    ports.slice(1).map(
      (port) =>
        new Promise<Socket>((resolve, reject) => {
          const socket = createSocket('udp4');
          socket.once('error', reject);
          socket.on('message', (datagram) => {
            if (agentEpoch !== 0) return;
            const decoded = decodeHeartbeat(datagram, secret);
            if (decoded.ok) agentEpoch = decoded.heartbeat.epoch;
          });
          socket.bind(port, '127.0.0.1', () => resolve(socket));
        }),
    ),
  );
  const allUp = 'u'.repeat(names.length);
  const memberSet = new Set(names);
  const indexOf = new Map(names.map((n, i) => [n, i]));
  const digest = membersDigest(names);
  // The agent's default views.maxAge at this interval: (downAfter 3 + upAfter 2 + 3) intervals.
  const maxAgeMs = 8 * INTERVAL_MS;
  const store = new RowStore(names[0]!, memberSet, () => refreshWindowMs(names.length, INTERVAL_MS, maxAgeMs));
  // Row seq counts milliseconds since the peer started, as real agents' rows do (receivers bound row ages by it).
  const refreshRows = () => {
    seq++;
    const now = performance.now();
    const rowSeq = Date.now() - epoch;
    for (const origin of names.slice(1)) store.offer(compactRow(origin, epoch, rowSeq, now, names, allUp, memberSet));
  };
  refreshRows();
  const serve = (node: string, since: string | null): Buffer => {
    const now = performance.now();
    const source = {
      cluster: 'bench', node, epoch, members: names, membersDigest: digest, indexOf: (m: string) => indexOf.get(m), ready: true,
      rows: store.snapshot(), stampOf: (o: string) => store.stampOf(o), latestStamp: store.latestStamp, now, maxAgeMs,
      statesOf: () => allUp, signatureOf: () => undefined,
    };
    if (since !== null) return Buffer.from(JSON.stringify(deltaView(source, since)));
    const rows = [...store.snapshot().values()].map((row) => ({ origin: row.origin, epoch, seq: row.seq, ageMs: Math.round(now - row.bornAt), inbound: allUp }));
    return Buffer.from(JSON.stringify({ version: 1, cluster: 'bench', node, epoch, members: names, ready: true, rows, verdict: null }));
  };
  const servers: Server[] = [];
  for (const [i, port] of ports.slice(1).entries()) {
    const node = names[i + 1]!;
    const server = createServer((req, res) => {
      const body = serve(node, new URL(req.url ?? '/', 'http://peer').searchParams.get('since'));
      // Signed for the request's nonce with the shared secret, as an agent without node keys does.
      const header = req.headers.authorization ?? '';
      res.setHeader(RESPONSE_SIGNATURE_HEADER, signResponse({ kind: 'hmac', secret }, 'bench', node, header.split(' ')[1] ?? '', nonceOf(header), body));
      res.setHeader('content-type', 'application/json');
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    servers.push(server);
  }
  // Real agents' intervals are not in phase: the simulated peers send in SLICES groups spread over
  // the interval, each peer once per interval, rather than all 1000 datagrams in one burst.
  const SLICES = 10;
  let slice = 0;
  const beat = setInterval(() => {
    if (slice === 0) refreshRows();
    for (let i = slice; i < sockets.length; i += SLICES) {
      const datagram = encodeHeartbeat({ cluster: 'bench', sender: names[i + 1]!, recipient: names[0]!, epoch, seq, sentAt: Date.now(), echo: agentEpoch }, secret);
      sockets[i]!.send(datagram, ports[0]!, '127.0.0.1');
    }
    slice = (slice + 1) % SLICES;
  }, INTERVAL_MS / SLICES);

  try {
    const base = `http://127.0.0.1:${ports[0]}`;
    for (let i = 0; i < 100; i++) {
      const ready = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
      if (ready) break;
      await sleep(100);
    }
    // A steady cluster, not a starting one: the first half minute is startup (links coming up,
    // first full views) and V8 still compiling the hot paths on its worker threads.
    await sleep(WARMUP_SECONDS * 1000);
    const viewBytes = async () => Number(/^netsplit_view_bytes_total(?:\{[^}]*\})? (\S+)$/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? Number.NaN);
    const bytesStart = await viewBytes();
    const cpuStart = cpuSeconds(pid);
    const switchesStart = contextSwitches(pid);
    const started = process.hrtime.bigint();
    let maxRss = 0;
    for (let t = 0; t < seconds; t++) {
      if (t % 15 === 0) await (await fetch(`${base}/metrics`)).text();
      maxRss = Math.max(maxRss, rssMiB(pid));
      await sleep(1000);
    }
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuShare = ((cpuSeconds(pid) - cpuStart) / wall) * 100;
    const switchesEnd = contextSwitches(pid);
    const wakeupRate = (switchesEnd.voluntary - switchesStart.voluntary) / wall;
    const preemptionRate = (switchesEnd.involuntary - switchesStart.involuntary) / wall;
    const inboundKiBs = ((await viewBytes()) - bytesStart) / 1024 / wall;
    const text = await (await fetch(`${base}/metrics`)).text();
    const healthy = text.includes('netsplit_node_role{role="healthy"');
    const healthyLine = text.split('\n').find((l) => l.startsWith('netsplit_node_role{role="healthy"')) ?? '';
    if (!healthy || !healthyLine.endsWith(' 1')) {
      const why = text.split('\n').filter((l) => /^netsplit_(heartbeat_rejected|view_rejected|view_rows_rejected|view_pulls_total\{peer="n001"|links_inbound)|^netsplit_node_role|^netsplit_view_fresh/.test(l));
      throw new Error(`soak: the agent is not healthy at the end: ${healthyLine}\n${why.join('\n')}`);
    }
    // The agent's own scrape, as Prometheus reads it, in the mode it runs (metrics.links auto: `down` above 100 members).
    const linkMode = /^netsplit_link_series_mode\{[^}]*mode="(\w+)"[^}]*\} 1$/m.exec(text)?.[1] ?? 'unknown';
    const scrapeKiB = Buffer.byteLength(text) / 1024;
    const scrapeSeries = seriesIn(text);
    const rss = rssMiB(pid);
    maxRss = Math.max(maxRss, rss);
    return [
      { bench: 'soak', case: `agent CPU, ${PEERS} peers at ${INTERVAL_MS}ms, ${seconds}s after ${WARMUP_SECONDS}s`, unit: '% of a core', median: cpuShare, min: cpuShare, max: cpuShare, samples: 1, target: PEERS >= 999 ? '<= 5%' : '<= 3%' },
      { bench: 'soak', case: `agent RSS, ${PEERS} peers (end / max)`, unit: 'MiB', median: rss, min: rss, max: maxRss, samples: seconds, target: PEERS >= 999 ? '<= 200 MiB' : '<= 120 MiB' },
      { bench: 'soak', case: `inbound view bytes, ${PEERS} peers`, unit: 'KiB/s', median: inboundKiBs, min: inboundKiBs, max: inboundKiBs, samples: 1, target: '<= 50 KiB/s' },
      { bench: 'soak', case: `agent /metrics body, ${PEERS} peers (metrics.links ${linkMode})`, unit: 'KiB', median: scrapeKiB, min: scrapeKiB, max: scrapeKiB, samples: 1, target: '<= 100 KiB' },
      { bench: 'soak', case: `agent /metrics series (sample lines), ${PEERS} peers`, unit: 'series', median: scrapeSeries, min: scrapeSeries, max: scrapeSeries, samples: 1 },
      // Not targets: beside the CPU they tell whether a run's CPU moved with how often the agent
      // was woken, or with how often the simulator (same 2 cores) took the core from it.
      { bench: 'soak', case: `agent main-thread wakeups (voluntary context switches), ${PEERS} peers`, unit: '/s', median: wakeupRate, min: wakeupRate, max: wakeupRate, samples: 1 },
      { bench: 'soak', case: `agent main-thread preemptions (involuntary context switches), ${PEERS} peers`, unit: '/s', median: preemptionRate, min: preemptionRate, max: preemptionRate, samples: 1 },
    ];
  } finally {
    clearInterval(beat);
    agent.kill('SIGTERM');
    await new Promise((resolve) => agent.once('exit', resolve));
    for (const socket of sockets) socket.close();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}
