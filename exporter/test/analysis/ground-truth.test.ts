/**
 * docs/architecture.md "Partition semantics", the 5-node ground-truth table, seen from several nodes each.
 * Rows travel along two-way contacts (see topology.ts), so a node only knows what its side knows.
 */
import { analyze, linksOf } from '../../src/analysis';
import type { DirectedLink, LinkState, Verdict } from '../../src/analysis';
import { between, nodes, topology, type Topology } from './topology';

const N5 = nodes(5); // n1 … n5

function verdictOf(spec: Omit<Topology, 'members'>): { verdict: Verdict; rest: Verdict; links: DirectedLink[] } {
  const view = topology({ members: N5, ...spec });
  const verdict = analyze(view);
  return { verdict, rest: verdict, links: linksOf(view) };
}

function link(links: readonly DirectedLink[], source: string, target: string): LinkState | undefined {
  return links.find((l) => l.source === source && l.target === target)?.state;
}

describe('healthy', () => {
  it.each(['n1', 'n3', 'n5'])('from %s: all healthy, level 0, one component', (self) => {
    const { rest, links } = verdictOf({ self });
    expect(rest).toEqual({
      self,
      memberCount: 5,
      quorum: 3,
      freshNodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
      contacts: ['n1', 'n2', 'n3', 'n4', 'n5'],
      role: 'healthy',
      roles: { n1: 'healthy', n2: 'healthy', n3: 'healthy', n4: 'healthy', n5: 'healthy' },
      degradation: 0,
      components: [['n1', 'n2', 'n3', 'n4', 'n5']],
      unreachable: [],
      partitionDetected: false,
      asymmetricLinks: [],
      bridges: [],
      majoritiesRing: false,
      noQuorum: false,
    });
    expect(links).toHaveLength(20);
    expect(links.every((l) => l.state === 'up')).toBe(true);
    expect(links.slice(0, 5)).toEqual([
      { source: 'n1', target: 'n2', state: 'up' },
      { source: 'n1', target: 'n3', state: 'up' },
      { source: 'n1', target: 'n4', state: 'up' },
      { source: 'n1', target: 'n5', state: 'up' },
      { source: 'n2', target: 'n1', state: 'up' },
    ]);
  });
});

describe('halves {1,2,3}|{4,5}', () => {
  const cut = between(['n1', 'n2', 'n3'], ['n4', 'n5']);

  it.each(['n1', 'n2', 'n3'])('from %s: majority, level 0, sees 2 unreachable', (self) => {
    const { rest, links } = verdictOf({ self, cut });
    expect(rest).toEqual({
      self,
      memberCount: 5,
      quorum: 3,
      freshNodes: ['n1', 'n2', 'n3'],
      contacts: ['n1', 'n2', 'n3'],
      role: 'majority',
      roles: { n1: 'majority', n2: 'majority', n3: 'majority' },
      degradation: 0,
      components: [['n1', 'n2', 'n3']],
      unreachable: ['n4', 'n5'],
      partitionDetected: true,
      asymmetricLinks: [],
      bridges: [],
      majoritiesRing: false,
      noQuorum: false,
    });
    // n4's row is not fresh here: what n4 hears is unknown, never "down"
    expect(link(links, 'n4', 'n1')).toBe('down');
    expect(link(links, 'n1', 'n4')).toBe('unknown');
    expect(link(links, 'n5', 'n4')).toBe('unknown');
    expect(link(links, 'n2', 'n3')).toBe('up');
  });

  it.each(['n4', 'n5'])('from %s: minority, level 1, sees 3 unreachable', (self) => {
    const { rest, links } = verdictOf({ self, cut });
    expect(rest).toEqual({
      self,
      memberCount: 5,
      quorum: 3,
      freshNodes: ['n4', 'n5'],
      contacts: ['n4', 'n5'],
      role: 'minority',
      roles: { n4: 'minority', n5: 'minority' },
      degradation: 1,
      components: [['n4', 'n5']],
      unreachable: ['n1', 'n2', 'n3'],
      partitionDetected: true,
      asymmetricLinks: [],
      bridges: [],
      majoritiesRing: false,
      // 3 members outside the view could still hold a majority among themselves
      noQuorum: false,
    });
    expect(link(links, 'n1', 'n4')).toBe('down');
    expect(link(links, 'n4', 'n1')).toBe('unknown');
  });
});

describe('isolated {1..4}|{5}', () => {
  const cut = between(['n1', 'n2', 'n3', 'n4'], ['n5']);

  it.each(['n1', 'n4'])('from %s: majority, level 0', (self) => {
    const { rest } = verdictOf({ self, cut });
    expect(rest).toEqual({
      self,
      memberCount: 5,
      quorum: 3,
      freshNodes: ['n1', 'n2', 'n3', 'n4'],
      contacts: ['n1', 'n2', 'n3', 'n4'],
      role: 'majority',
      roles: { n1: 'majority', n2: 'majority', n3: 'majority', n4: 'majority' },
      degradation: 0,
      components: [['n1', 'n2', 'n3', 'n4']],
      unreachable: ['n5'],
      partitionDetected: true,
      asymmetricLinks: [],
      bridges: [],
      majoritiesRing: false,
      noQuorum: false,
    });
  });

  it('from n5: isolated, level 2', () => {
    const { rest, links } = verdictOf({ self: 'n5', cut });
    expect(rest).toEqual({
      self: 'n5',
      memberCount: 5,
      quorum: 3,
      freshNodes: ['n5'],
      contacts: ['n5'],
      role: 'isolated',
      roles: { n5: 'isolated' },
      degradation: 2,
      components: [['n5']],
      unreachable: ['n1', 'n2', 'n3', 'n4'],
      partitionDetected: true,
      asymmetricLinks: [],
      bridges: [],
      majoritiesRing: false,
      noQuorum: false,
    });
    expect(links.filter((l) => l.target === 'n5').map((l) => l.state)).toEqual(['down', 'down', 'down', 'down']);
    expect(links.filter((l) => l.source === 'n5').map((l) => l.state)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
  });
});

describe('three-way {1,2}|{3,4}|{5}', () => {
  const cut = between(['n1', 'n2'], ['n3', 'n4'], ['n5']);

  it.each([
    ['n1', ['n1', 'n2'], ['n3', 'n4', 'n5']],
    ['n2', ['n1', 'n2'], ['n3', 'n4', 'n5']],
    ['n3', ['n3', 'n4'], ['n1', 'n2', 'n5']],
    ['n4', ['n3', 'n4'], ['n1', 'n2', 'n5']],
  ] as const)('from %s: minority, level 1', (self, side, others) => {
    const { rest } = verdictOf({ self, cut });
    expect(rest).toEqual({
      self,
      memberCount: 5,
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
      // From inside one side the 3 unseen members could hold a majority: a single node cannot
      // prove "no quorum anywhere" here; a complete view can (next test).
      noQuorum: false,
    });
  });

  it('from n5: isolated, level 2', () => {
    const { rest } = verdictOf({ self: 'n5', cut });
    expect(rest).toMatchObject({ role: 'isolated', degradation: 2, contacts: ['n5'], freshNodes: ['n5'], noQuorum: false });
  });

  it('with every row in view: no quorum anywhere, three components', () => {
    const { rest } = verdictOf({ self: 'n1', cut, relay: 'all' });
    expect(rest).toEqual({
      self: 'n1',
      memberCount: 5,
      quorum: 3,
      freshNodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
      contacts: ['n1', 'n2'],
      role: 'minority',
      roles: { n1: 'minority', n2: 'minority', n3: 'minority', n4: 'minority', n5: 'isolated' },
      degradation: 1,
      components: [['n1', 'n2'], ['n3', 'n4'], ['n5']],
      unreachable: ['n3', 'n4', 'n5'],
      partitionDetected: true,
      asymmetricLinks: [],
      bridges: [],
      majoritiesRing: false,
      noQuorum: true,
    });
  });
});

describe('bridge {1,2}–3–{4,5}', () => {
  const cut = between(['n1', 'n2'], ['n4', 'n5']); // 1–4, 1–5, 2–4, 2–5
  const roles = { n1: 'majority', n2: 'majority', n3: 'healthy', n4: 'majority', n5: 'majority' };

  it.each([
    ['n1', ['n1', 'n2', 'n3'], ['n4', 'n5'], 'majority'],
    ['n2', ['n1', 'n2', 'n3'], ['n4', 'n5'], 'majority'],
    ['n3', ['n1', 'n2', 'n3', 'n4', 'n5'], [], 'healthy'],
    ['n5', ['n3', 'n4', 'n5'], ['n1', 'n2'], 'majority'],
  ] as const)('from %s: all rows fresh (relayed via n3), bridge n3', (self, contacts, unreachable, role) => {
    const { rest, links } = verdictOf({ self, cut });
    expect(rest).toEqual({
      self,
      memberCount: 5,
      quorum: 3,
      freshNodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
      contacts,
      role,
      roles,
      degradation: 0,
      components: [['n1', 'n2', 'n3', 'n4', 'n5']],
      unreachable,
      partitionDetected: true,
      asymmetricLinks: [],
      bridges: ['n3'],
      majoritiesRing: false,
      noQuorum: false,
    });
    expect(links.filter((l) => l.state === 'down').map((l) => `${l.source}>${l.target}`)).toEqual([
      'n1>n4', 'n1>n5', 'n2>n4', 'n2>n5', 'n4>n1', 'n4>n2', 'n5>n1', 'n5>n2',
    ]);
    expect(links.some((l) => l.state === 'unknown')).toBe(false);
  });
});

describe('majorities ring (cut 1–3, 1–4, 2–4, 2–5, 3–5)', () => {
  const cut: Array<[string, string]> = [['n1', 'n3'], ['n1', 'n4'], ['n2', 'n4'], ['n2', 'n5'], ['n3', 'n5']];

  it.each([
    ['n1', ['n1', 'n2', 'n5'], ['n3', 'n4']],
    ['n3', ['n2', 'n3', 'n4'], ['n1', 'n5']],
    ['n4', ['n3', 'n4', 'n5'], ['n1', 'n2']],
  ] as const)('from %s: everyone majority, all rows fresh, ring flagged', (self, contacts, unreachable) => {
    const { rest } = verdictOf({ self, cut });
    expect(rest).toEqual({
      self,
      memberCount: 5,
      quorum: 3,
      freshNodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
      contacts,
      role: 'majority',
      roles: { n1: 'majority', n2: 'majority', n3: 'majority', n4: 'majority', n5: 'majority' },
      degradation: 0,
      components: [['n1', 'n2', 'n3', 'n4', 'n5']],
      unreachable,
      partitionDetected: true,
      asymmetricLinks: [],
      bridges: [],
      majoritiesRing: true,
      noQuorum: false,
    });
  });

  it('is not flagged once one chord heals (1–3 back: clique {1,2,3})', () => {
    const { rest } = verdictOf({ self: 'n1', cut: cut.slice(1) });
    expect(rest.majoritiesRing).toBe(false);
    expect(rest.roles).toEqual({ n1: 'majority', n2: 'majority', n3: 'majority', n4: 'majority', n5: 'majority' });
  });
});

describe('one-way 5→1 dropped', () => {
  const dropped: Array<[string, string]> = [['n5', 'n1']];

  it.each([
    ['n1', ['n1', 'n2', 'n3', 'n4'], ['n5']],
    ['n5', ['n2', 'n3', 'n4', 'n5'], ['n1']],
    ['n3', ['n1', 'n2', 'n3', 'n4', 'n5'], []],
  ] as const)('from %s: asymmetric 5→1 flagged, no component split', (self, contacts, unreachable) => {
    const { rest, links } = verdictOf({ self, dropped });
    expect(rest).toEqual({
      self,
      memberCount: 5,
      quorum: 3,
      freshNodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
      contacts,
      role: self === 'n3' ? 'healthy' : 'majority',
      roles: { n1: 'majority', n2: 'healthy', n3: 'healthy', n4: 'healthy', n5: 'majority' },
      degradation: 0,
      components: [['n1', 'n2', 'n3', 'n4', 'n5']],
      unreachable,
      partitionDetected: true,
      asymmetricLinks: [{ source: 'n5', target: 'n1' }],
      bridges: [],
      majoritiesRing: false,
      noQuorum: false,
    });
    expect(link(links, 'n5', 'n1')).toBe('down');
    expect(link(links, 'n1', 'n5')).toBe('up');
  });
});

describe('agent 5 stopped', () => {
  it.each(['n1', 'n4'])('from %s: 1–4 majority, n5 unknown (no role), not minority', (self) => {
    const { verdict, rest, links } = verdictOf({ self, stopped: ['n5'] });
    expect(rest).toEqual({
      self,
      memberCount: 5,
      quorum: 3,
      freshNodes: ['n1', 'n2', 'n3', 'n4'],
      contacts: ['n1', 'n2', 'n3', 'n4'],
      role: 'majority',
      roles: { n1: 'majority', n2: 'majority', n3: 'majority', n4: 'majority' },
      degradation: 0,
      components: [['n1', 'n2', 'n3', 'n4']],
      unreachable: ['n5'],
      partitionDetected: true,
      asymmetricLinks: [],
      bridges: [],
      majoritiesRing: false,
      noQuorum: false,
    });
    expect(verdict.roles.n5).toBeUndefined();
    expect(link(links, 'n5', self)).toBe('down'); // no heartbeats arrive from n5
    expect(link(links, self, 'n5')).toBe('unknown'); // only n5 could say
  });
});
