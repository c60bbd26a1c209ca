/**
 * analyze() at 100 / 500 / 1000 / 5000 members. Views are built once per case, outside the timing.
 * Every case runs twice: rows with the optional `compact` form (what the mesh can hand over from
 * the wire) and rows with the `inbound` Record only (one hash lookup per pair: the slow path).
 * Cases:
 * - healthy: full mesh, every row fresh;
 * - halves: 50|50 split with every row still fresh (the worst case for the analysis: the moment
 *   after a cut, before the other side's rows expire, all N² link states are read);
 * - matching cut: every node loses exactly one peer (a perfect matching), so every node is
 *   majority but the largest clique is N/2 < quorum: the majorities-ring search runs (and is
 *   decided by its colouring bound);
 * - "+ links read": the healthy view with the N² `links` array materialised (it is lazy).
 * - 5000 members: compact rows only (the wire form; a Record of 5000 names per row would be 25
 *   million properties), healthy, halves and the matching cut.
 * - zoneLinkCounts (netsplit_zone_links_up_ratio at scrape) at 1000 and 5000 members in 10 zones.
 * The 5000-member cases also report CPU time per call (wall time on a shared machine counts the
 * time other processes held the cores).
 * Targets: ≤ 10 ms median at 1000 nodes (healthy and halves), ≤ 50 ms at 5000 (every shape),
 * without links; a few ms for the zone counts at 1000.
 */
import { analyze, linksOf } from '../src/analysis';
import { zoneLinkCounts } from '../src/analysis/zone-links';
import type { ClusterView, InboundRow, LinkState, NodeName } from '../src/analysis';
import { timeSync, timeSyncCpu, type BenchRow } from './harness';

const NOW = 1_000_000;

function names(n: number): NodeName[] {
  return Array.from({ length: n }, (_, i) => `node-${String(i + 1).padStart(4, '0')}`);
}

/**
 * A view where every row is fresh and a→b is up iff `up(a, b)` (indices). Rows carry the
 * `inbound` Record and, when `compact`, also its compact form the way the mesh decodes a peer's
 * view (one shared `order` array, one string per row).
 */
function view(n: number, up: (a: number, b: number) => boolean, compact: boolean): ClusterView {
  const members = names(n);
  const order = [...members];
  const rows = new Map<NodeName, InboundRow>();
  for (let b = 0; b < n; b++) {
    const inbound: Record<NodeName, LinkState> = {};
    let states = '';
    for (let a = 0; a < n; a++) {
      const state: LinkState = a === b ? 'unknown' : up(a, b) ? 'up' : 'down';
      if (a !== b) inbound[members[a]!] = state;
      states += state === 'up' ? 'u' : state === 'down' ? 'd' : '?';
    }
    const row: InboundRow = { origin: members[b]!, bornAt: NOW - 100, inbound };
    rows.set(members[b]!, compact ? { ...row, compact: { order, states } } : row);
  }
  return { self: members[0]!, members, now: NOW, maxAgeMs: 5_000, rows };
}

/**
 * The same view with compact rows only, built run by run (a character at a time would make 25
 * million one-character strings at 5000 members). `inbound` throws: analysis must not read it.
 */
function compactView(n: number, up: (a: number, b: number) => boolean): ClusterView {
  const members = names(n);
  const rows = new Map<NodeName, InboundRow>();
  const inbound = new Proxy({}, { get: () => { throw new Error('bench: a compact row was read through inbound'); } });
  for (let b = 0; b < n; b++) {
    const pieces: string[] = [];
    let run = '';
    let length = 0;
    for (let a = 0; a < n; a++) {
      const char = a === b ? '?' : up(a, b) ? 'u' : 'd';
      if (char !== run && length > 0) {
        pieces.push(run.repeat(length));
        length = 0;
      }
      run = char;
      length++;
    }
    pieces.push(run.repeat(length));
    rows.set(members[b]!, { origin: members[b]!, bornAt: NOW - 100, inbound, compact: { order: members, states: pieces.join('') } });
  }
  return { self: members[0]!, members, now: NOW, maxAgeMs: 5_000, rows };
}

/** Ten zones of consecutive members: zone-0 … zone-9. */
function tenZones(n: number): (member: NodeName) => string {
  const zoneOf = new Map(names(n).map((name, i) => [name, `zone-${Math.floor((i * 10) / n)}`]));
  return (member) => zoneOf.get(member) ?? '';
}

function row(bench: string, name: string, n: number, fn: () => void, target?: string): BenchRow {
  const samples = n >= 1000 ? 25 : 50;
  const s = timeSync(fn, samples, 5);
  return { bench, case: name, unit: 'ms', ...s, ...(target === undefined ? {} : { target }) };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // The large cases first, before the N² link lists of linksOf fill the heap the collector walks.
  for (const n of [1000, 5000]) {
    const half = Math.floor(n / 2);
    const shapes: Array<[string, (a: number, b: number) => boolean]> = [
      ['healthy', () => true],
      ['halves', (a, b) => a < half === b < half],
      ['matching cut (ring search)', (a, b) => a >> 1 !== b >> 1],
    ];
    for (const [shape, up] of shapes) {
      if (n === 1000 && shape !== 'halves') continue; // analyze at 1000 is measured below; halves here for the zone counts
      const v = compactView(n, up);
      if (n === 5000) {
        rows.push(row('verdict', `analyze ${n} ${shape}, compact rows only`, n, () => void analyze(v), '<= 50 ms'));
        rows.push({ bench: 'verdict', case: `analyze ${n} ${shape}, compact rows only (CPU time)`, unit: 'ms CPU', ...timeSyncCpu(() => void analyze(v), 25, 5), target: '<= 50 ms' });
      }
      const zoneOf = tenZones(n);
      if (shape === 'halves') rows.push(row('verdict', `zoneLinkCounts ${n} halves, 10 zones, compact rows`, n, () => void zoneLinkCounts(v, zoneOf), n === 1000 ? '<= 5 ms' : undefined));
    }
  }
  for (const n of [100, 500, 1000]) {
    const target = n === 1000 ? '<= 10 ms' : undefined;
    const half = Math.floor(n / 2);
    const shapes: Array<[string, (a: number, b: number) => boolean]> = [
      ['healthy', () => true],
      ['halves', (a, b) => a < half === b < half],
      ['matching cut (ring search)', (a, b) => a >> 1 !== b >> 1],
    ];
    for (const compact of [true, false]) {
      for (const [shape, up] of shapes) {
        const v = view(n, up, compact);
        const form = compact ? 'compact rows' : 'Record rows';
        rows.push(row('verdict', `analyze ${n} ${shape}, ${form}`, n, () => void analyze(v), shape === 'matching cut (ring search)' ? undefined : target));
        if (shape === 'healthy') rows.push(row('verdict', `linksOf ${n} healthy, ${form}`, n, () => void linksOf(v).length));
      }
    }
  }
  return rows;
}
