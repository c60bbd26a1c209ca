/**
 * analyze() against the brute-force oracle (reference.ts) on seeded random topologies: cuts,
 * one-way drops, stopped agents, stale rows, holes and 'unknown' in rows, local consensus, both
 * row forms. Any difference prints the seed.
 */
import { analyze, linksOf } from '../../src/analysis';
import type { ClusterView, InboundRow, LinkState, NodeName } from '../../src/analysis';
import { referenceVerdict } from './reference';
import { MAX_AGE_MS, NOW, nodes, topology } from './topology';
import { random } from './random';


function randomView(seed: number): ClusterView {
  const rnd = random(seed);
  const n = 1 + Math.floor(rnd() * 9);
  const members = nodes(n);
  const pick = (p: number): Array<[NodeName, NodeName]> => {
    const out: Array<[NodeName, NodeName]> = [];
    for (const a of members) for (const b of members) if (a !== b && rnd() < p) out.push([a, b]);
    return out;
  };
  const self = members[Math.floor(rnd() * n)]!;
  const stopped = members.filter((m) => m !== self && rnd() < 0.1);
  const ages: Record<NodeName, number> = {};
  for (const m of members) if (rnd() < 0.15) ages[m] = MAX_AGE_MS + 1 + Math.floor(rnd() * 1000);
  const lcRoll = rnd();
  const view = topology({
    members: rnd() < 0.5 ? members : [...members].reverse(),
    self,
    cut: pick(rnd() * 0.5),
    dropped: pick(rnd() * 0.2),
    stopped,
    relay: rnd() < 0.3 ? 'all' : 'contacts',
    ages,
    compact: rnd() < 0.5,
    ...(lcRoll < 0.6 ? {} : { localConsensus: { reachable: rnd() < 0.5, hasLeader: rnd() < 0.5 } }),
  });
  // holes and explicit unknowns in some Record rows (rows with a compact form keep it in step)
  const rows = new Map<NodeName, InboundRow>();
  for (const [origin, row] of view.rows) {
    if (row.compact !== undefined || rnd() < 0.7) {
      rows.set(origin, row);
      continue;
    }
    const inbound: Record<NodeName, LinkState> = { ...row.inbound };
    for (const m of members) {
      const roll = rnd();
      if (roll < 0.1) delete inbound[m];
      else if (roll < 0.2) inbound[m] = 'unknown';
    }
    rows.set(origin, { ...row, inbound });
  }
  return { ...view, rows };
}

/** analyze() and linksOf() together: what the oracle computes. */
const analyzed = (view: ClusterView) => ({ ...analyze(view), links: linksOf(view) });

describe('analyze() and linksOf() equal the brute-force oracle', () => {
  it.each(Array.from({ length: 400 }, (_, i) => i + 1))('random topology, seed %i', (seed) => {
    const view = randomView(seed);
    expect(analyzed(view)).toEqual(referenceVerdict(view));
  });
});

describe('compact rows read the same as Record rows', () => {
  it.each(Array.from({ length: 100 }, (_, i) => 1000 + i))('seed %i', (seed) => {
    const view = randomView(seed);
    const compact = new Map<NodeName, InboundRow>();
    // members listed in a scrambled order with a stranger and a repeat: the mapping must cope
    const order = [...view.members].reverse().concat(['stranger', view.members[0]!]);
    for (const [origin, row] of view.rows) {
      const states = order.map((m, i) => (i >= view.members.length ? 'd' : m === origin ? '?' : row.inbound[m] === 'up' ? 'u' : row.inbound[m] === 'down' ? 'd' : '?')).join('');
      compact.set(origin, { origin, bornAt: row.bornAt, inbound: {}, compact: { order, states } });
    }
    expect(analyzed({ ...view, rows: compact })).toEqual(referenceVerdict(view));
  });

  it('reads a short string as unknown for the missing positions, other characters as unknown', () => {
    const members = nodes(4);
    const order = members;
    const rows = new Map<NodeName, InboundRow>([
      ['n1', { origin: 'n1', bornAt: NOW, inbound: { n2: 'up', n3: 'up', n4: 'up' }, compact: { order, states: '?ux' } }],
      ['n2', { origin: 'n2', bornAt: NOW, inbound: {}, compact: { order, states: 'u?uu' } }],
    ]);
    const verdict = analyzed({ self: 'n1', members, now: NOW, maxAgeMs: MAX_AGE_MS, rows });
    expect(verdict.links.filter((l) => l.target === 'n1')).toEqual([
      { source: 'n2', target: 'n1', state: 'up' },
      { source: 'n3', target: 'n1', state: 'unknown' },
      { source: 'n4', target: 'n1', state: 'unknown' },
    ]);
    expect(verdict.contacts).toEqual(['n1', 'n2']);
  });

  it('never reads `inbound` of a row that has the compact form (it may be a lazy getter)', () => {
    const members = nodes(3);
    const row = (origin: string, states: string): InboundRow => ({
      origin,
      bornAt: NOW,
      compact: { order: members, states },
      get inbound(): never {
        throw new Error('decoded');
      },
    });
    const rows = new Map([
      ['n1', row('n1', '?uu')],
      ['n2', row('n2', 'u?u')],
      ['n3', row('n3', 'uu?')],
    ]);
    const v = analyzed({ self: 'n1', members, now: NOW, maxAgeMs: MAX_AGE_MS, rows });
    expect(v.role).toBe('healthy');
    expect(v.links).toHaveLength(6);
  });

  it('a self position marked up in its own row is not a link', () => {
    const members = nodes(3);
    const rows = new Map<NodeName, InboundRow>([
      ['n1', { origin: 'n1', bornAt: NOW, inbound: { n1: 'up', n2: 'down', n3: 'down' }, compact: { order: members, states: 'udd' } }],
    ]);
    const verdict = analyzed({ self: 'n1', members, now: NOW, maxAgeMs: MAX_AGE_MS, rows });
    expect(verdict.links).toHaveLength(6);
    expect(verdict.role).toBe('isolated');
    expect(verdict.partitionDetected).toBe(true);
  });
});
