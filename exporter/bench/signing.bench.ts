/**
 * Cost of per-node signed rows at 200 and 1000 peers: one own row signed, one view of
 * N fresh rows verified and merged (what a pull costs when every row in it is newer than held),
 * and from that the share of one core at a 500 ms interval, where each origin's row is new about
 * once per interval: N verifications per interval.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Mesh } from '../src/mesh/mesh';
import { membersDigest, signRow } from '../src/mesh/row-signature';
import type { PeerView } from '../src/mesh/view-codec';
import { timeSync, type BenchRow } from './harness';

const INTERVAL_MS = 500;

function casesFor(peers: number): BenchRow[] {
  const members = Array.from({ length: peers + 1 }, (_, i) => `node-${String(i).padStart(4, '0')}`);
  const pairs = members.map(() => generateKeyPairSync('ed25519'));
  const publicKeys = new Map<string, KeyObject>(members.map((m, i) => [m, pairs[i]!.publicKey]));
  const digest = membersDigest(members);
  const states = 'u'.repeat(members.length);
  const epoch = Date.now() - 60_000;
  let seq = 1000;
  const sign = timeSync(() => {
    for (let i = 0; i < 100; i++) signRow(pairs[0]!.privateKey, { cluster: 'bench', members: digest, origin: members[0]!, epoch, seq: ++seq, states });
  }, 9, 2);
  const rowsAt = (s: number, inbound = states): PeerView => ({
    version: 1, cluster: 'bench', node: members[1]!, epoch, members, ready: true,
    rows: members.map((origin, i) => ({ origin, epoch, seq: s, ageMs: 10, inbound, sig: signRow(pairs[i]!.privateKey, { cluster: 'bench', members: digest, origin, epoch, seq: s, states: inbound }) })),
  });
  // Views signed ahead of time: only verification and merging are measured. Each says something
  // new (one link down in turn), so every row of every view is verified: the worst case.
  const views = Array.from({ length: 12 }, (_, k) => rowsAt(2000 + k, states.slice(0, k) + 'd' + states.slice(k + 1)));
  let next = 0;
  const fresh = () => new Mesh({ cluster: 'bench', self: members[0]!, members, secret: Buffer.alloc(32), damping: { intervalMs: INTERVAL_MS, downAfter: 3, upAfter: 2 }, maxAgeMs: 4000, epoch, startedAt: 0, keys: { privateKey: pairs[0]!.privateKey, publicKeys } });
  const mesh = fresh();
  const merge = timeSync(() => {
    const taken = mesh.mergeView(views[next++ % views.length]!, 100_000 + next, Date.now());
    if (next <= views.length && taken !== peers) throw new Error(`took ${taken} of ${peers} rows`);
  }, 9, 3);
  const unsigned = new Mesh({ cluster: 'bench', self: members[0]!, members, secret: Buffer.alloc(32), damping: { intervalMs: INTERVAL_MS, downAfter: 3, upAfter: 2 }, maxAgeMs: 4000, epoch, startedAt: 0 });
  let plainNext = 0;
  const plain = timeSync(() => void unsigned.mergeView(views[plainNext++ % views.length]!, 100_000 + plainNext, Date.now()), 9, 3);
  const perRowUs = ((merge.median - plain.median) * 1000) / peers;
  // Steady state as an agent lives it: every interval each origin has a new row (same states),
  // and `fanout` (3) views are pulled; 16 intervals of that, timed as a whole.
  const steadyViews = Array.from({ length: 16 }, (_, k) => rowsAt(3000 + k * INTERVAL_MS));
  const steady = timeSync(() => {
    const steadyMesh = fresh(); // each sample from an empty store, like an agent's first 8 s
    for (let k = 0; k < steadyViews.length; k++) for (let f = 0; f < 3; f++) steadyMesh.mergeView(steadyViews[k]!, 200_000 + k * INTERVAL_MS + f, Date.now());
  }, 3, 1);
  const share = (steady.median / (steadyViews.length * INTERVAL_MS)) * 100 + ((sign.median / 100) * (1000 / INTERVAL_MS)) / 10;
  return [
    { bench: 'signing', case: `sign own row (${members.length} states)`, unit: 'µs', median: (sign.median / 100) * 1000, min: (sign.min / 100) * 1000, max: (sign.max / 100) * 1000, samples: sign.samples },
    { bench: 'signing', case: `merge a view of ${peers} new signed rows`, unit: 'ms', median: merge.median, min: merge.min, max: merge.max, samples: merge.samples },
    { bench: 'signing', case: `same view, keys off (no verification)`, unit: 'ms', median: plain.median, min: plain.min, max: plain.max, samples: plain.samples },
    { bench: 'signing', case: `verification per row, ${peers} peers`, unit: 'µs', median: perRowUs, min: perRowUs, max: perRowUs, samples: 1 },
    { bench: 'signing', case: `CPU at ${peers} peers, ${INTERVAL_MS}ms, steady (3 pulls per interval, rows renewed each interval)`, unit: '% of a core', median: share, min: share, max: share, samples: steady.samples },
  ];
}

export async function run(): Promise<BenchRow[]> {
  return [...casesFor(200), ...casesFor(1000)];
}
