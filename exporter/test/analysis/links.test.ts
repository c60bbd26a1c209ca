/** `linksOf`: every ordered pair of members with its state as the view's fresh rows know it, sorted. */
import { analyze, linksOf } from '../../src/analysis';
import { popcount, transposeBits } from '../../src/analysis/links';
import { between, nodes, topology } from './topology';

const view = topology({ members: nodes(3), self: 'n1', cut: between(['n1', 'n2'], ['n3']) });

describe('linksOf', () => {
  it('lists every ordered pair, sorted by source then target, unknown where no fresh row says', () => {
    expect(linksOf(view)).toEqual([
      { source: 'n1', target: 'n2', state: 'up' },
      { source: 'n1', target: 'n3', state: 'unknown' },
      { source: 'n2', target: 'n1', state: 'up' },
      { source: 'n2', target: 'n3', state: 'unknown' },
      { source: 'n3', target: 'n1', state: 'down' },
      { source: 'n3', target: 'n2', state: 'down' },
    ]);
  });

  it('agrees with the verdict it sits beside: the down links are why the partition is detected', () => {
    const verdict = analyze(view);
    expect(verdict.partitionDetected).toBe(true);
    expect(linksOf(view).filter((link) => link.state === 'down').map((link) => `${link.source}>${link.target}`)).toEqual(['n3>n1', 'n3>n2']);
    expect(verdict.unreachable).toEqual(['n3']);
  });

  it('is not part of the verdict: the agent never builds the N² list', () => {
    expect(Object.keys(analyze(view))).not.toContain('links');
  });
});

describe('compact rows read as bitsets', () => {
  const members = nodes(70).sort();
  const NOW = 1_000;
  const row = (origin: string, states: string, order: readonly string[] = members) => ({ origin, bornAt: NOW, inbound: {}, compact: { order, states } });
  const stateOf = (view: Parameters<typeof linksOf>[0], source: string, target: string) => linksOf(view).find((l) => l.source === source && l.target === target)!.state;

  it('reads a character it does not know inside a long run as unknown, across word boundaries', () => {
    // n1's row: all up but position 40 ('x') and 65 ('d'); position 0 is n1 itself.
    const states = '?' + 'u'.repeat(39) + 'x' + 'u'.repeat(24) + 'd' + 'u'.repeat(4);
    const view = { self: 'n1', members, now: NOW, maxAgeMs: 100, rows: new Map([['n1', row('n1', states)]]) };
    const into = linksOf(view).filter((l) => l.target === 'n1');
    const count = (state: string) => into.filter((l) => l.state === state).map((l) => l.source);
    expect({ unknown: count('unknown'), down: count('down'), up: count('up').length }).toEqual({ unknown: [members[40]], down: [members[65]], up: 67 });
  });

  it('reads rows in another member order, with names that are no member, by name', () => {
    const order = ['ghost', ...[...members].reverse()];
    // Reversed: position 1 is the last member. Everyone up but the first member (last position) down.
    const states = 'u'.repeat(70) + 'd';
    const view = { self: 'n1', members, now: NOW, maxAgeMs: 100, rows: new Map([['n1', row('n1', states, order)]]) };
    expect([stateOf(view, members[69]!, 'n1'), stateOf(view, members[1]!, 'n1'), stateOf(view, members[0]!, 'n2')]).toEqual(['up', 'up', 'unknown']);
    // members[0] is n1 itself: the diagonal is never a link, so nothing says 'down' into n1.
    expect(linksOf(view).filter((l) => l.state === 'down')).toEqual([]);
  });

  it('finds two-way contacts and one-way links through the transpose, beyond one 32 × 32 block', () => {
    // 70 members; every row all up, except that n5's heartbeats never reach n60 (one way).
    const rows = new Map(
      members.map((origin, t) => {
        const chars = members.map((source, s) => (s === t ? '?' : origin === 'n60' && source === 'n5' ? 'd' : 'u'));
        return [origin, row(origin, chars.join(''))] as const;
      }),
    );
    const verdict = analyze({ self: 'n1', members, now: NOW, maxAgeMs: 100, rows });
    expect({ asymmetric: verdict.asymmetricLinks, role: verdict.roles.n5, contactsOfSelf: verdict.contacts.length, components: verdict.components.length }).toEqual({
      asymmetric: [{ source: 'n5', target: 'n60' }],
      role: 'majority',
      contactsOfSelf: 70,
      components: 1,
    });
  });
});

describe('transposeBits', () => {
  it.each([1, 31, 32, 33, 70, 100])('transposes a %i × %i bit matrix: bit b of row a becomes bit a of row b', (n) => {
    const words = (n + 31) >>> 5;
    const bits = new Uint32Array(n * words);
    // A fixed pseudo-random pattern, plus full rows so that blocks of ones take their shortcut.
    let seed = 12345;
    const set = (a: number, b: number) => (bits[a * words + (b >>> 5)]! |= 1 << (b & 31));
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        if (a < 40 || seed % 3 === 0) set(a, b);
      }
    const has = (m: Uint32Array, a: number, b: number) => (m[a * words + (b >>> 5)]! & (1 << (b & 31))) !== 0;
    const out = transposeBits(bits, n, words);
    const wrong: string[] = [];
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (has(out, b, a) !== has(bits, a, b)) wrong.push(`${a},${b}`);
    expect({ wrong, setBits: popcount(out) }).toEqual({ wrong: [], setBits: popcount(bits) });
  });
});
