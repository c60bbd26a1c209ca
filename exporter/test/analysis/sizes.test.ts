/** Cluster sizes other than 5: the edges of ⌊N/2⌋+1, even splits, larger N. */
import { analyze, linksOf } from '../../src/analysis';
import type { Verdict } from '../../src/analysis';
import { between, nodes, topology, type Topology } from './topology';

function verdict(spec: Topology): Verdict {
  return analyze(topology(spec));
}

describe('N = 1', () => {
  it('the only member is healthy, holds quorum 1, sees no links', () => {
    const v = analyze(topology({ members: ['solo'], self: 'solo' }));
    expect(v).toEqual({
      self: 'solo',
      memberCount: 1,
      quorum: 1,
      freshNodes: ['solo'],
      contacts: ['solo'],
      role: 'healthy',
      roles: { solo: 'healthy' },
      degradation: 0,
      components: [['solo']],
      unreachable: [],
      partitionDetected: false,
      asymmetricLinks: [],
      bridges: [],
      majoritiesRing: false,
      noQuorum: false,
    });
  });
});

describe('N = 2 (quorum 2)', () => {
  it('healthy pair', () => {
    expect(verdict({ members: ['a', 'b'], self: 'a' })).toMatchObject({
      quorum: 2,
      role: 'healthy',
      roles: { a: 'healthy', b: 'healthy' },
      contacts: ['a', 'b'],
      components: [['a', 'b']],
      bridges: [],
      partitionDetected: false,
      noQuorum: false,
    });
  });

  it.each(['a', 'b'])('split, from %s: isolated (level 2), and nobody can hold quorum', (self) => {
    const other = self === 'a' ? 'b' : 'a';
    expect(verdict({ members: ['a', 'b'], self, cut: [['a', 'b']] })).toEqual({
      self,
      memberCount: 2,
      quorum: 2,
      freshNodes: [self],
      contacts: [self],
      role: 'isolated',
      roles: { [self]: 'isolated' },
      degradation: 2,
      components: [[self]],
      unreachable: [other],
      partitionDetected: true,
      asymmetricLinks: [],
      bridges: [],
      majoritiesRing: false,
      noQuorum: true,
    });
  });
});

describe('N = 3 (quorum 2)', () => {
  const N3 = nodes(3);

  it('one agent stopped: the other two are a majority', () => {
    expect(verdict({ members: N3, self: 'n1', stopped: ['n3'] })).toMatchObject({
      freshNodes: ['n1', 'n2'],
      role: 'majority',
      roles: { n1: 'majority', n2: 'majority' },
      unreachable: ['n3'],
      noQuorum: false,
    });
  });

  it('a path n1–n2–n3: n2 healthy and the bridge, the ends majority', () => {
    expect(verdict({ members: N3, self: 'n1', cut: [['n1', 'n3']] })).toMatchObject({
      freshNodes: ['n1', 'n2', 'n3'],
      role: 'majority',
      roles: { n1: 'majority', n2: 'healthy', n3: 'majority' },
      bridges: ['n2'],
      // every node reaches a majority and {n1,n2} is a majority clique: no ring
      majoritiesRing: false,
      components: [['n1', 'n2', 'n3']],
    });
  });

  it('everything cut: isolated; 2 members unseen could still pair up', () => {
    expect(verdict({ members: N3, self: 'n2', cut: between(['n1'], ['n2'], ['n3']) })).toMatchObject({
      role: 'isolated',
      degradation: 2,
      noQuorum: false,
    });
  });

  it('everything cut, with every row in view: no quorum', () => {
    expect(verdict({ members: N3, self: 'n2', cut: between(['n1'], ['n2'], ['n3']), relay: 'all' })).toMatchObject({
      roles: { n1: 'isolated', n2: 'isolated', n3: 'isolated' },
      components: [['n1'], ['n2'], ['n3']],
      noQuorum: true,
    });
  });
});

describe('N = 4 (quorum 3)', () => {
  const N4 = nodes(4);
  const cut = between(['n1', 'n2'], ['n3', 'n4']);

  it.each([
    ['n1', ['n1', 'n2'], ['n3', 'n4']],
    ['n4', ['n3', 'n4'], ['n1', 'n2']],
  ] as const)('even split 2|2 from %s: both sides minority, no quorum anywhere', (self, side, others) => {
    expect(verdict({ members: N4, self, cut })).toEqual({
      self,
      memberCount: 4,
      quorum: 3,
      freshNodes: side,
      contacts: side,
      role: 'minority',
      roles: { [side[0]]: 'minority', [side[1]]: 'minority' },
      degradation: 1,
      components: [side],
      unreachable: others,
      partitionDetected: true,
      asymmetricLinks: [],
      bridges: [],
      majoritiesRing: false,
      noQuorum: true,
    });
  });
});

describe('N = 6: a ring of majorities without a majority clique', () => {
  it('every node loses exactly one peer (1–2, 3–4, 5–6): all majority, largest clique 3 < 4', () => {
    const v = verdict({ members: nodes(6), self: 'n1', cut: [['n1', 'n2'], ['n3', 'n4'], ['n5', 'n6']] });
    expect(v).toMatchObject({
      quorum: 4,
      role: 'majority',
      contacts: ['n1', 'n3', 'n4', 'n5', 'n6'],
      unreachable: ['n2'],
      bridges: [],
      majoritiesRing: true,
      noQuorum: false,
    });
    expect(Object.values(v.roles)).toEqual(Array(6).fill('majority'));
  });
});

describe('N = 7 (quorum 4)', () => {
  const N7 = nodes(7);

  it.each([
    ['n1', 'majority', 0, ['n1', 'n2', 'n3', 'n4'], ['n5', 'n6', 'n7']],
    ['n7', 'minority', 1, ['n5', 'n6', 'n7'], ['n1', 'n2', 'n3', 'n4']],
  ] as const)('4|3 from %s', (self, role, degradation, side, others) => {
    expect(verdict({ members: N7, self, cut: between(['n1', 'n2', 'n3', 'n4'], ['n5', 'n6', 'n7']) })).toEqual({
      self,
      memberCount: 7,
      quorum: 4,
      freshNodes: side,
      contacts: side,
      role,
      roles: Object.fromEntries(side.map((s) => [s, role])),
      degradation,
      components: [side],
      unreachable: others,
      partitionDetected: true,
      asymmetricLinks: [],
      bridges: [],
      majoritiesRing: false,
      noQuorum: false,
    });
  });

  const threeWay = between(['n1', 'n2', 'n3'], ['n4', 'n5'], ['n6', 'n7']);

  it.each([
    ['n2', ['n1', 'n2', 'n3']],
    ['n5', ['n4', 'n5']],
    ['n6', ['n6', 'n7']],
  ] as const)('3|2|2 from %s: minority; unseen members could still hold 4', (self, side) => {
    expect(verdict({ members: N7, self, cut: threeWay })).toMatchObject({
      freshNodes: side,
      contacts: side,
      role: 'minority',
      degradation: 1,
      components: [side],
      noQuorum: false,
    });
  });

  it('3|2|2 with every row in view: components by size then name, no quorum', () => {
    expect(verdict({ members: N7, self: 'n6', cut: threeWay, relay: 'all' })).toMatchObject({
      components: [['n1', 'n2', 'n3'], ['n4', 'n5'], ['n6', 'n7']],
      roles: { n1: 'minority', n2: 'minority', n3: 'minority', n4: 'minority', n5: 'minority', n6: 'minority', n7: 'minority' },
      noQuorum: true,
      majoritiesRing: false,
    });
  });
});

describe('N = 1000', () => {
  const N1000 = Array.from({ length: 1000 }, (_, i) => `node-${String(i + 1).padStart(4, '0')}`);

  it('healthy mesh: every field right', () => {
    const view = topology({ members: N1000, self: 'node-0500', compact: true });
    const v = analyze(view);
    expect(v.memberCount).toBe(1000);
    expect(v.quorum).toBe(501);
    expect(v.role).toBe('healthy');
    expect(v.degradation).toBe(0);
    expect(v.freshNodes).toEqual(N1000);
    expect(v.contacts).toEqual(N1000);
    expect(new Set(Object.values(v.roles))).toEqual(new Set(['healthy']));
    expect(Object.keys(v.roles)).toHaveLength(1000);
    expect(v.components).toEqual([N1000]);
    expect(v.unreachable).toEqual([]);
    expect(v.partitionDetected).toBe(false);
    expect(v.asymmetricLinks).toEqual([]);
    expect(v.bridges).toEqual([]);
    expect(v.majoritiesRing).toBe(false);
    expect(v.noQuorum).toBe(false);
    const links = linksOf(view);
    expect(links).toHaveLength(999_000);
    expect(links[0]).toEqual({ source: 'node-0001', target: 'node-0002', state: 'up' });
    expect(links[998_999]).toEqual({ source: 'node-1000', target: 'node-0999', state: 'up' });
    expect(links.every((l) => l.state === 'up')).toBe(true);
  });

  it('Record rows give the same verdict as compact rows', () => {
    const spec = { members: N1000, self: 'node-0001', cut: [['node-0001', 'node-0002']] as Array<[string, string]> };
    const fromRecords = analyze(topology(spec));
    const fromCompact = analyze(topology({ ...spec, compact: true }));
    expect(fromCompact).toEqual(fromRecords);
    expect(fromRecords.unreachable).toEqual(['node-0002']);
    expect(fromRecords.role).toBe('majority');
  });

  it('501|499 split, all rows still in view: sides, components and bridges', () => {
    const big = N1000.slice(0, 501);
    const small = N1000.slice(501);
    const v = analyze(topology({ members: N1000, self: 'node-1000', cut: between(big, small), relay: 'all', compact: true }));
    expect(v.role).toBe('minority');
    expect(v.degradation).toBe(1);
    expect(v.contacts).toEqual(small);
    expect(v.unreachable).toEqual(big);
    expect(v.components).toEqual([big, small]);
    expect(v.roles['node-0001']).toBe('majority');
    expect(v.roles['node-0502']).toBe('minority');
    expect(v.bridges).toEqual([]);
    expect(v.noQuorum).toBe(false);
    expect(v.majoritiesRing).toBe(false);
  });

  it('every node loses one peer (a perfect matching): majorities ring, decided exactly', () => {
    const cut: Array<[string, string]> = [];
    for (let i = 0; i < 1000; i += 2) cut.push([N1000[i]!, N1000[i + 1]!]);
    const v = analyze(topology({ members: N1000, self: 'node-0001', cut, compact: true }));
    expect(v.role).toBe('majority');
    expect(v.unreachable).toEqual(['node-0002']);
    expect(v.majoritiesRing).toBe(true);
    expect(v.bridges).toEqual([]);
    expect(v.components).toHaveLength(1);
  });
});
