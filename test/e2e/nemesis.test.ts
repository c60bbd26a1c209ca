/**
 * The nemesis itself, checked with a stand-in beacon on every host (no agent involved): every
 * topology produces exactly the directed drops it claims, heal restores everything, a flapping
 * link is healed when stopped, a frozen process goes silent, and teardown leaves nothing behind.
 */
import { existsSync } from 'node:fs';
import { Lab } from '../lab/lab';
import { beaconService, type RunningBeacon } from '../lab/beacon-service';
import { listNamespaces } from '../lab/network';
import { readDroppedSources } from '../lab/firewall';
import { waitForEqual } from '../lab/wait-for';
import { bridge, halves, isolated, majoritiesRing, oneWay, threeWay } from '../lab/topology';
import { requireLabPrerequisites } from '../lab/preflight';

// testTimeout in test/jest.config.js is a global option that jest ignores inside `projects`.
jest.setTimeout(120_000);

type Hearing = Record<string, string[]>;

const everyone: Hearing = {
  n1: ['n2', 'n3', 'n4', 'n5'],
  n2: ['n1', 'n3', 'n4', 'n5'],
  n3: ['n1', 'n2', 'n4', 'n5'],
  n4: ['n1', 'n2', 'n3', 'n5'],
  n5: ['n1', 'n2', 'n3', 'n4'],
};

describe('nemesis on real namespaces (beacon stand-in)', () => {
  let lab: Lab | undefined;
  let beacons: RunningBeacon[] = [];

  // Who hears whom within the last 200 ms (beacons send every 50 ms).
  const hearing = async (): Promise<Hearing> => Object.fromEntries(await Promise.all(beacons.map(async (b) => [b.host.name, await b.hears(200)] as const)));
  const settle = (expected: Hearing) => waitForEqual(hearing, expected, { timeoutMs: 5000, intervalMs: 50 });

  beforeAll(async () => {
    requireLabPrerequisites('The nemesis tests');
    lab = await Lab.create({ size: 5 });
    beacons = await lab.startOnEveryHost(beaconService());
  });

  afterEach(async () => {
    await lab?.nemesis.reset();
  });

  afterAll(async () => {
    await lab?.teardown();
  });

  it('starts fully connected', async () => {
    expect(await settle(everyone)).toEqual(everyone);
  });

  it('halves {n1,n2,n3} | {n4,n5}', async () => {
    const expected = { n1: ['n2', 'n3'], n2: ['n1', 'n3'], n3: ['n1', 'n2'], n4: ['n5'], n5: ['n4'] };
    await lab!.nemesis.apply(halves(lab!.hostNames));
    expect(await settle(expected)).toEqual(expected);
    await lab!.nemesis.heal();
    expect(await settle(everyone)).toEqual(everyone);
  });

  it('isolated {n1..n4} | {n5}', async () => {
    const expected = { n1: ['n2', 'n3', 'n4'], n2: ['n1', 'n3', 'n4'], n3: ['n1', 'n2', 'n4'], n4: ['n1', 'n2', 'n3'], n5: [] };
    await lab!.nemesis.apply(isolated(lab!.hostNames, 'n5'));
    expect(await settle(expected)).toEqual(expected);
  });

  it('three-way {n1,n2} | {n3,n4} | {n5}', async () => {
    const expected = { n1: ['n2'], n2: ['n1'], n3: ['n4'], n4: ['n3'], n5: [] };
    await lab!.nemesis.apply(threeWay([['n1', 'n2'], ['n3', 'n4'], ['n5']]));
    expect(await settle(expected)).toEqual(expected);
  });

  it('bridge {n1,n2} – n3 – {n4,n5}', async () => {
    const expected = { n1: ['n2', 'n3'], n2: ['n1', 'n3'], n3: ['n1', 'n2', 'n4', 'n5'], n4: ['n3', 'n5'], n5: ['n3', 'n4'] };
    await lab!.nemesis.apply(bridge(['n1', 'n2'], 'n3', ['n4', 'n5']));
    expect(await settle(expected)).toEqual(expected);
  });

  it('majorities ring: cuts 1–3, 1–4, 2–4, 2–5, 3–5', async () => {
    const ring = majoritiesRing(lab!.hostNames);
    expect(ring.description).toBe('cut n1–n3, n1–n4, n2–n4, n2–n5, n3–n5');
    const expected = { n1: ['n2', 'n5'], n2: ['n1', 'n3'], n3: ['n2', 'n4'], n4: ['n3', 'n5'], n5: ['n1', 'n4'] };
    await lab!.nemesis.apply(ring);
    expect(await settle(expected)).toEqual(expected);
  });

  it('one-way n5→n1 dropped: n1 stops hearing n5, n5 still hears n1', async () => {
    const expected = { ...everyone, n1: ['n2', 'n3', 'n4'] };
    await lab!.nemesis.apply(oneWay('n5', 'n1'));
    expect(await readDroppedSources(lab!.host('n1'))).toEqual(['10.200.0.5']);
    expect(await readDroppedSources(lab!.host('n5'))).toEqual([]);
    expect(await settle(expected)).toEqual(expected);
  });

  it('one-way the other direction, n1→n5 dropped', async () => {
    const expected = { ...everyone, n5: ['n2', 'n3', 'n4'] };
    await lab!.nemesis.apply(oneWay('n1', 'n5'));
    expect(await settle(expected)).toEqual(expected);
  });

  it('a flapping link is cut repeatedly and left healed when stopped', async () => {
    const flapping = lab!.nemesis.flap('n1', 'n2', { cutMs: 300, healMs: 300 });
    const cut = { ...everyone, n1: ['n3', 'n4', 'n5'], n2: ['n3', 'n4', 'n5'] };
    expect(await settle(cut)).toEqual(cut);
    expect(await settle(everyone)).toEqual(everyone);
    expect(await settle(cut)).toEqual(cut);
    const cuts = await flapping.stop();
    expect(cuts).toBeGreaterThanOrEqual(2);
    expect(lab!.nemesis.current).toEqual([]);
    expect(await readDroppedSources(lab!.host('n1'))).toEqual([]);
    expect(await settle(everyone)).toEqual(everyone);
  });

  it('a frozen process goes silent and speaks again when thawed', async () => {
    const n4 = beacons.find((b) => b.host.name === 'n4')!;
    lab!.nemesis.freeze('n4', 'beacon');
    const silent = { n1: ['n2', 'n3', 'n5'], n2: ['n1', 'n3', 'n5'], n3: ['n1', 'n2', 'n5'], n5: ['n1', 'n2', 'n3'] };
    const others = async (): Promise<Hearing> =>
      Object.fromEntries(await Promise.all(beacons.filter((b) => b !== n4).map(async (b) => [b.host.name, await b.hears(200)] as const)));
    expect(await waitForEqual(others, silent, { timeoutMs: 5000, intervalMs: 50 })).toEqual(silent);
    lab!.nemesis.thaw('n4', 'beacon');
    expect(await settle(everyone)).toEqual(everyone);
  });

  it('teardown removes namespaces, firewalls, processes and files', async () => {
    const own = await Lab.create({ size: 2 });
    try {
      const ownBeacons = await own.startOnEveryHost(beaconService());
      await own.nemesis.apply(halves(own.hostNames));
      const namespaces = own.hosts.map((h) => h.namespace).sort();
      expect((await listNamespaces()).filter((ns) => namespaces.includes(ns)).sort()).toEqual(namespaces);
      await own.teardown();
      expect((await listNamespaces()).filter((ns) => namespaces.includes(ns))).toEqual([]);
      expect(ownBeacons.map((b) => b.mainProcess!.running)).toEqual([false, false]);
      expect(existsSync(own.dir)).toBe(false);
    } finally {
      await own.teardown();
    }
  });
});
