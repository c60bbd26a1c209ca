/**
 * /metrics, the cost of every Prometheus scrape: render time (median ms), body size (KiB) and the
 * number of series (sample lines of the exposition), by `metrics.links` mode. Rendered through
 * the agent's own scrape filler (agent/scrape-publisher.ts: links, membership, verdict and zone
 * gauges filled at scrape) over a mesh that heard every peer and holds every peer's row (each
 * hearing every member of its side), with the per-peer counters and RTTs the transport, the view
 * pulls and the evaluator write in that mode.
 * Cases: 200 peers without zones (all), 1000 peers in 10 zones healthy in all, down and none, and 1000 peers
 * cut in halves (500 links down) in down mode, the worst a partition makes of that mode.
 * Render time is reported as wall time and as CPU time per scrape.
 * Targets: ≤ 5 ms at 200 peers; in down mode at 1000 peers ≤ 5 ms and ≤ 100 KiB.
 */
import { analyze, type Verdict } from '../src/analysis';
import { monotonic } from '../src/agent/clock';
import { publishAtScrape } from '../src/agent/scrape-publisher';
import type { LinkSeriesMode } from '../src/config/load';
import { initialMembership, snapshotOf, type MembershipSnapshot } from '../src/membership';
import { Mesh } from '../src/mesh/mesh';
import { linkSeriesPolicy } from '../src/metrics/link-series';
import { createMetrics } from '../src/metrics/registry';
import { seriesIn, summarize, timeAsync, type BenchRow } from './harness';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const damping = { intervalMs: 500, downAfter: 3, upAfter: 2 };

interface Cluster {
  mesh: Mesh;
  verdict: Verdict;
  membership: MembershipSnapshot;
  /** Peers whose heartbeats and views arrive (the others are cut off). */
  reached: ReadonlySet<string>;
}

/**
 * Self and `peers` peers in `zones` zones (none: 0). With `cut`, the second half of the members never reaches
 * self: their links go down and their rows never arrive. Times start at the real monotonic
 * clock, which the scrape filler reads, so rows are fresh when it runs.
 */
export function cluster(peers: number, cut: boolean, zones: number): Cluster {
  const width = String(peers).length;
  const members = Array.from({ length: peers + 1 }, (_, i) => `node-${String(i).padStart(width, '0')}`);
  const self = members[0]!;
  const t0 = monotonic();
  const wall = Date.now();
  const options = { cluster: 'bench', members, secret, damping, maxAgeMs: 600_000, startedAt: t0 };
  const mesh = new Mesh({ ...options, self, epoch: 1 });
  const side = cut ? Math.floor(members.length / 2) : members.length;
  const reached = new Set(members.slice(1, side));
  for (const name of reached) {
    // One peer at a time: a mesh of 1001 trackers each would hold a million at once.
    const peer = new Mesh({ ...options, self: name, epoch: 2 });
    for (const t of [0, 500, 1000]) mesh.receive(peer.nextHeartbeat(self, wall), t0 + t, wall);
  }
  // The peers' rows as one relayed view: each hears every member of its side, none of the other.
  const sideStates = 'u'.repeat(side) + 'd'.repeat(members.length - side);
  const rows = [...reached].map((origin) => {
    const at = members.indexOf(origin);
    return { origin, epoch: 2, seq: 1000, ageMs: 0, inbound: `${sideStates.slice(0, at)}?${sideStates.slice(at + 1)}` };
  });
  mesh.mergeView({ version: 1, cluster: 'bench', node: members[1]!, epoch: 2, members, ready: true, rows }, t0 + 1000);
  mesh.tick(t0 + 2000); // the cut-off peers' links go down
  const zoneOf = new Map(zones === 0 ? [] : members.map((name, i) => [name, `zone-${Math.floor((i * zones) / members.length)}`]));
  const staticPeers = new Map(members.map((name, i) => [name, `10.0.${i >> 8}.${i & 255}`]));
  const membership = snapshotOf(initialMembership({ self, staticPeers, staticZones: zoneOf, maintenance: [], removeAfterMs: 600_000, leaveAfterMs: 30_000, joinGraceMs: 1_000 }));
  return { mesh, verdict: analyze(mesh.clusterView(t0 + 2000)), membership, reached };
}

export async function measure(name: string, c: Cluster, mode: LinkSeriesMode, targets: { ms?: string; kib?: string }): Promise<BenchRow[]> {
  const metrics = createMetrics('bench', c.mesh.self);
  const policy = linkSeriesPolicy(mode);
  // What the transport and the view pulls write in this mode (agent/heartbeat-transport.ts, view-pull-loop.ts).
  for (const peer of c.mesh.members) {
    if (peer === c.mesh.self) continue;
    const ok = c.reached.has(peer);
    if (ok) metrics.heartbeatsReceived.inc({ source: policy.peerLabel(peer) }, 3);
    // The evaluator counts each link's damped transitions (agent/evaluator.ts): up once, and down for a cut-off peer.
    metrics.linkTransitions.inc({ source: policy.peerLabel(peer), target: c.mesh.self }, ok ? 1 : 2);
    metrics.viewPulls.inc({ peer: policy.peerLabel(peer), result: ok ? 'ok' : 'timeout' });
    if (policy.exportsRtt(ok)) metrics.linkRtt.set({ source: c.mesh.self, target: peer }, ok ? 0.0004 : Number.NaN);
  }
  publishAtScrape({ metrics, mesh: c.mesh, verdict: () => c.verdict, openConnections: () => 3, membership: () => c.membership, linkSeries: mode });
  let body = '';
  const s = await timeAsync(
    async () => {
      body = await metrics.registry.metrics();
    },
    50,
    10,
  );
  // The same scrape in CPU time (wall time on a shared machine counts other processes too).
  const cpu: number[] = [];
  for (let i = 0; i < 50; i++) {
    const start = process.cpuUsage();
    await metrics.registry.metrics();
    const used = process.cpuUsage(start);
    cpu.push((used.user + used.system) / 1000);
  }
  const series = seriesIn(body);
  const once = (unit: string, value: number, target?: string): BenchRow => ({
    bench: 'metrics',
    case: `/metrics ${name}, metrics.links ${mode}`,
    unit,
    median: value,
    min: value,
    max: value,
    samples: 1,
    ...(target === undefined ? {} : { target }),
  });
  return [
    { bench: 'metrics', case: `/metrics ${name}, metrics.links ${mode}`, unit: 'ms', ...s, ...(targets.ms === undefined ? {} : { target: targets.ms }) },
    { bench: 'metrics', case: `/metrics ${name}, metrics.links ${mode} (CPU time)`, unit: 'ms CPU', ...summarize(cpu), ...(targets.ms === undefined ? {} : { target: targets.ms }) },
    once('KiB', Math.round((Buffer.byteLength(body) / 1024) * 10) / 10, targets.kib),
    once('series', series),
  ];
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  rows.push(...(await measure('200 peers, healthy', cluster(200, false, 0), 'all', { ms: '<= 5 ms' })));
  const healthy = cluster(1000, false, 10);
  for (const mode of ['all', 'down', 'none'] as const) {
    rows.push(...(await measure('1000 peers in 10 zones, healthy', healthy, mode, mode === 'down' ? { ms: '<= 5 ms', kib: '<= 100 KiB' } : {})));
  }
  rows.push(...(await measure('1000 peers in 10 zones, cut in halves', cluster(1000, true, 10), 'down', { ms: '<= 5 ms', kib: '<= 100 KiB' })));
  return rows;
}
