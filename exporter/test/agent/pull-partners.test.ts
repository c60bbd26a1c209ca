import { FAILED_ROUNDS, ROTATE_ALL_UP_TO, choosePullPeers, defaultFanout, rendezvousRank } from '../../src/agent/pull-partners';

const peers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `n${String(i + 1).padStart(4, '0')}` }));
const names = (chosen: { name: string }[]) => chosen.map((p) => p.name);

describe('which peers a round pulls', () => {
  it(`up to ${ROTATE_ALL_UP_TO} candidates: the fanout whose rows are held oldest (never held first)`, () => {
    const bornAt: Record<string, number> = { n0001: 50, n0002: 10, n0004: 30 };
    const chosen = choosePullPeers({ self: 'n0000', candidates: peers(4), fanout: 3, round: 7, members: 5, rowBornAt: (n) => bornAt[n], failedIn: () => undefined });
    expect(names(chosen)).toEqual(['n0003', 'n0002', 'n0004']);
  });

  it('above: the same partners every round, different per agent, a failing partner passed over for a while', () => {
    const candidates = peers(200);
    const choose = (self: string, round: number, failedIn: (n: string) => number | undefined = () => undefined) =>
      names(choosePullPeers({ self, candidates, fanout: 3, round, members: 201, rowBornAt: () => undefined, failedIn }));
    // 201 members: one more peer in turn every ceil(201 / 25) = 9 rounds, on rounds 0, 9, 18, …
    const partners = choose('n0000', 1);
    expect(partners).toHaveLength(3);
    expect(choose('n0000', 2)).toEqual(partners);
    expect(choose('n0000', 9)).toHaveLength(4);
    expect(choose('n0000', 9).slice(0, 3)).toEqual(partners);
    expect(choose('n0100', 1)).not.toEqual(partners);
    const expected = [...candidates].sort((a, b) => rendezvousRank('n0000', a.name) - rendezvousRank('n0000', b.name)).slice(0, 4).map((p) => p.name);
    expect(partners).toEqual(expected.slice(0, 3));
    const failing = partners[0]!;
    expect(choose('n0000', 11, (n) => (n === failing ? 11 - FAILED_ROUNDS + 1 : undefined))).toEqual([...partners.slice(1), expected[3]]);
    expect(choose('n0000', 11, (n) => (n === failing ? 11 - FAILED_ROUNDS : undefined))).toEqual(partners);
  });

  it('picks the lowest ranks in one pass as a stable sort would: ties in candidate order, failing ones skipped, fewer than the fanout', () => {
    const rank: Record<string, number> = { n0001: 7, n0002: 3, n0003: 5, n0004: 3, n0005: 1, n0006: 3, n0007: 9, n0008: 0, n0009: 2, n0010: 8, n0011: 4, n0012: 6, n0013: 3, n0014: 9, n0015: 1, n0016: 7, n0017: 2 };
    const choose = (fanout: number, failing: readonly string[] = []) =>
      // 26 members: one more peer in turn every 2 rounds, none on round 1.
      names(choosePullPeers({ self: 'n0000', candidates: peers(17), fanout, round: 1, members: 26, rowBornAt: () => undefined, failedIn: (n) => (failing.includes(n) ? 1 : undefined), rankOf: (n) => rank[n]! }));
    expect(choose(3)).toEqual(['n0008', 'n0005', 'n0015']);
    expect(choose(6)).toEqual(['n0008', 'n0005', 'n0015', 'n0009', 'n0017', 'n0002']);
    expect(choose(7)).toEqual(['n0008', 'n0005', 'n0015', 'n0009', 'n0017', 'n0002', 'n0004']);
    expect(choose(8)).toEqual(['n0008', 'n0005', 'n0015', 'n0009', 'n0017', 'n0002', 'n0004', 'n0006']);
    expect(choose(3, ['n0008', 'n0015'])).toEqual(['n0005', 'n0009', 'n0017']);
    expect(choose(20, Object.keys(rank).slice(2))).toEqual(['n0002', 'n0001']);
    const allTied = choosePullPeers({ self: 'n0000', candidates: peers(17), fanout: 2, round: 1, members: 26, rowBornAt: () => undefined, failedIn: () => undefined, rankOf: () => 1 });
    expect(names(allTied)).toEqual(['n0001', 'n0002']);
  });

  it('spreads partners: at 1000 agents with fanout 3 no peer is the partner of more than 15', () => {
    const candidates = peers(1000);
    const load = new Map<string, number>();
    for (const self of candidates) {
      const others = candidates.filter((p) => p !== self);
      for (const p of choosePullPeers({ self: self.name, candidates: others, fanout: 3, round: 1, members: 1000, rowBornAt: () => undefined, failedIn: () => undefined })) load.set(p.name, (load.get(p.name) ?? 0) + 1);
    }
    expect(Math.max(...load.values())).toBeLessThanOrEqual(15);
    expect([...load.values()].reduce((a, b) => a + b, 0)).toBe(3000);
  });
});

describe('the default fanout', () => {
  it('is 3 up to 100 members and 2 above', () => {
    expect([5, 100, 101, 1000].map(defaultFanout)).toEqual([3, 3, 2, 2]);
  });
});
