/** Rows count only while fresh: now - bornAt <= maxAgeMs. Unknown is never down. */
import { analyze, isFresh, linksOf } from '../../src/analysis';
import type { ClusterView, InboundRow, NodeName } from '../../src/analysis';
import { MAX_AGE_MS, NOW, nodes, topology } from './topology';

const N5 = nodes(5);

describe('isFresh', () => {
  const row = (bornAt: number): InboundRow => ({ origin: 'n1', bornAt, inbound: {} });
  it.each([
    [NOW, true],
    [NOW - MAX_AGE_MS, true],
    [NOW - MAX_AGE_MS - 1, false],
    [NOW + 10, true],
    [Number.NaN, false],
  ])('bornAt %p → %p', (bornAt, expected) => {
    expect(isFresh(row(bornAt), NOW, MAX_AGE_MS)).toBe(expected);
  });
});

describe('rows expiring by age', () => {
  it('a row exactly maxAgeMs old still counts', () => {
    const v = analyze(topology({ members: N5, self: 'n1', ages: { n4: MAX_AGE_MS } }));
    expect(v.freshNodes).toEqual(N5);
    expect(v.role).toBe('healthy');
  });

  it('a row 1 ms past maxAgeMs is ignored: its links turn unknown, its node loses its role', () => {
    const view = topology({ members: N5, self: 'n1', ages: { n4: MAX_AGE_MS + 1 } });
    const v = analyze(view);
    const links = linksOf(view);
    expect(v.freshNodes).toEqual(['n1', 'n2', 'n3', 'n5']);
    expect(v.roles).toEqual({ n1: 'majority', n2: 'majority', n3: 'majority', n5: 'majority' });
    expect(v.role).toBe('majority');
    expect(v.contacts).toEqual(['n1', 'n2', 'n3', 'n5']);
    expect(v.unreachable).toEqual(['n4']);
    // n4 is still heard by everyone (their rows say n4→x up); what n4 hears is unknown
    expect(links.filter((l) => l.source === 'n4').map((l) => l.state)).toEqual(['up', 'up', 'up', 'up']);
    expect(links.filter((l) => l.target === 'n4').map((l) => l.state)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    // unknown is not down: only the unreachable member signals the partition
    expect(links.some((l) => l.state === 'down')).toBe(false);
    expect(v.partitionDetected).toBe(true);
    expect(v.components).toEqual([['n1', 'n2', 'n3', 'n5']]);
  });

  it('when every other row has expired the node is alone with what it hears itself', () => {
    const ages = { n2: 9_000, n3: 9_000, n4: 9_000, n5: 9_000 };
    const view = topology({ members: N5, self: 'n1', ages });
    const v = analyze(view);
    const links = linksOf(view);
    expect(v.freshNodes).toEqual(['n1']);
    expect(v.role).toBe('isolated');
    expect(v.degradation).toBe(2);
    expect(v.noQuorum).toBe(false); // 4 members outside the view could hold 3
    expect(links.filter((l) => l.target === 'n1').map((l) => l.state)).toEqual(['up', 'up', 'up', 'up']);
  });

  it("self's own row counts even when old (the caller guarantees it is present)", () => {
    const v = analyze(topology({ members: N5, self: 'n1', ages: { n1: 60_000 } }));
    expect(v.freshNodes).toEqual(N5);
    expect(v.role).toBe('healthy');
  });

  it('a later now expires rows that were fresh', () => {
    const view = topology({ members: N5, self: 'n1', ages: { n2: 1_000, n3: 4_000 } });
    expect(analyze(view).freshNodes).toEqual(N5);
    expect(analyze({ ...view, now: view.now + 1_500 }).freshNodes).toEqual(['n1', 'n2', 'n4', 'n5']);
    expect(analyze({ ...view, now: view.now + 5_000 }).freshNodes).toEqual(['n1', 'n4', 'n5']);
    expect(analyze({ ...view, now: view.now + 5_001 }).freshNodes).toEqual(['n1']);
  });
});

describe('odd input', () => {
  const base = (rows: Array<[NodeName, InboundRow]>): ClusterView => ({ self: 'n1', members: ['n2', 'n1', 'n3'], now: NOW, maxAgeMs: MAX_AGE_MS, rows: new Map(rows) });

  it('sources missing from a row, sources that are not members and rows of strangers are unknown / ignored', () => {
    const view = base([
      ['n1', { origin: 'n1', bornAt: NOW, inbound: { n2: 'up', ghost: 'down' } }],
      ['n2', { origin: 'n2', bornAt: NOW, inbound: { n1: 'up', n3: 'unknown' } }],
      ['ghost', { origin: 'ghost', bornAt: NOW, inbound: { n1: 'down' } }],
    ]);
    const v = analyze(view);
    const links = linksOf(view);
    expect(v.freshNodes).toEqual(['n1', 'n2']);
    expect(links).toEqual([
      { source: 'n1', target: 'n2', state: 'up' },
      { source: 'n1', target: 'n3', state: 'unknown' },
      { source: 'n2', target: 'n1', state: 'up' },
      { source: 'n2', target: 'n3', state: 'unknown' },
      { source: 'n3', target: 'n1', state: 'unknown' },
      { source: 'n3', target: 'n2', state: 'unknown' },
    ]);
    expect(v.role).toBe('majority');
    expect(v.partitionDetected).toBe(true); // n3 unreachable
  });

  it('members are de-duplicated and sorted by code unit', () => {
    const v = analyze({ self: 'b', members: ['b', 'a', 'B', 'a'], now: NOW, maxAgeMs: MAX_AGE_MS, rows: new Map([['b', { origin: 'b', bornAt: NOW, inbound: { a: 'up', B: 'up' } }]]) });
    expect(v.memberCount).toBe(3);
    expect(v.unreachable).toEqual(['B', 'a']);
  });

  it('self missing from members is a caller bug and says so', () => {
    expect(() => analyze({ self: 'x', members: ['n1'], now: NOW, maxAgeMs: MAX_AGE_MS, rows: new Map() })).toThrow('self "x" is not one of the 1 configured members');
  });

  it('self without a row: fresh, hearing nobody', () => {
    const v = analyze({ self: 'n1', members: ['n1', 'n2'], now: NOW, maxAgeMs: MAX_AGE_MS, rows: new Map() });
    expect(v.freshNodes).toEqual(['n1']);
    expect(v.role).toBe('isolated');
  });
});
