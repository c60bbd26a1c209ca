/** /metrics render time with 200 peers: the cost of every Prometheus scrape. */
import { analyze } from '../src/analysis';
import { Mesh } from '../src/mesh/mesh';
import { createMetrics } from '../src/metrics/registry';
import { publishLinks, publishVerdict } from '../src/metrics/publish';
import { timeAsync, type BenchRow } from './harness';

export async function run(): Promise<BenchRow[]> {
  const peers = 200;
  const members = Array.from({ length: peers + 1 }, (_, i) => `node-${String(i).padStart(3, '0')}`);
  const self = members[0]!;
  const secret = Buffer.from('0123456789abcdef0123456789abcdef');
  const mesh = new Mesh({ cluster: 'bench', self, members, secret, damping: { intervalMs: 500, downAfter: 3, upAfter: 2 }, maxAgeMs: 4000, epoch: 1, startedAt: 0 });
  const senders = members.map((m) => new Mesh({ cluster: 'bench', self: m, members, secret, damping: { intervalMs: 500, downAfter: 3, upAfter: 2 }, maxAgeMs: 4000, epoch: 2, startedAt: 0 }));
  for (let t = 0; t < 3; t++) for (const s of senders.slice(1)) mesh.receive(s.nextHeartbeat(self, Date.now()), t * 500, Date.now());
  for (const s of senders.slice(1)) {
    s.refreshOwnRow(1000);
    mesh.mergeView(s.wireView(1000, true, null), 1000);
  }
  mesh.refreshOwnRow(1000);
  const metrics = createMetrics('bench', self);
  const verdict = analyze(mesh.clusterView(1000));
  publishLinks(metrics, mesh);
  publishVerdict(metrics, verdict, new Map(members.map((m) => [m, 100])));
  for (const m of members.slice(1)) metrics.linkRtt.set({ source: self, target: m }, 0.0004);
  let bytes = 0;
  const summary = timeAsync(async () => {
    bytes = (await metrics.registry.metrics()).length;
  }, 50, 10);
  const s = await summary;
  return [{ bench: 'metrics', case: `/metrics render, ${peers} peers (${Math.round(bytes / 1024)} KiB)`, unit: 'ms', ...s, target: '<= 5 ms' }];
}
