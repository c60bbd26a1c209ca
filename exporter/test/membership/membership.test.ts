/**
 * The membership core, driven event by event with literal expectations: who is a member, in
 * which state, the quorum size N and the unknown addresses after each step.
 */
import { initialMembership, onDiscovery, onHeard, onLeft, onRemoved, onTick, snapshotOf, type MembershipState, type Step } from '../../src/membership';

const MINUTE = 60_000;
const options = {
  self: 'n1',
  staticPeers: new Map([['n1', '10.0.0.1']]),
  maintenance: [] as string[],
  removeAfterMs: 10 * MINUTE,
  leaveAfterMs: 30_000,
  joinGraceMs: 5_000,
};
const dns = (...last: number[]) => last.map((i) => ({ address: `10.0.0.${i}` }));

/** Members as `name@address:state`, N and unknown addresses: one line to compare. */
function summary(state: MembershipState) {
  const snapshot = snapshotOf(state);
  return { members: snapshot.members.map((m) => `${m.name}@${m.address}:${m.state}`), n: snapshot.quorumSize, unknown: snapshot.unknownAddresses };
}

/** Five nodes discovered by DNS and all heard: the starting point of most tests. */
function fiveHeard(): MembershipState {
  let state = onDiscovery(initialMembership(options), dns(1, 2, 3, 4, 5), 0).state;
  state = onHeard(state, 'n1', '10.0.0.1', 1, 0).state;
  for (const i of [2, 3, 4, 5]) state = onHeard(state, `n${i}`, `10.0.0.${i}`, 1, 0).state;
  return onTick(state, 0, new Set(['n1', 'n2', 'n3', 'n4', 'n5'])).state;
}

const changes = (step: Step) => step.changes.map((c) => `${c.member} ${c.change}`);

test('discovered addresses are unknown until a valid heartbeat names them; then they are members', () => {
  const discovered = onDiscovery(initialMembership(options), dns(1, 2, 3), 0);
  expect(summary(discovered.state)).toEqual({ members: ['n1@10.0.0.1:active'], n: 1, unknown: ['10.0.0.2', '10.0.0.3'] });
  const heard = onHeard(discovered.state, 'n2', '10.0.0.2', 1, 0);
  expect(changes(heard)).toEqual(['n2 joined']);
  // Joining: a member, not in N until in two-way contact (a join never reads as a partition).
  expect(summary(heard.state)).toEqual({ members: ['n1@10.0.0.1:active', 'n2@10.0.0.2:joining'], n: 1, unknown: ['10.0.0.3'] });
  expect(snapshotOf(heard.state).uncounted).toEqual(['n2']);
  expect(summary(onTick(heard.state, 100, new Set(['n1', 'n2'])).state)).toEqual({ members: ['n1@10.0.0.1:active', 'n2@10.0.0.2:active'], n: 2, unknown: ['10.0.0.3'] });
});

test('a joining member never in contact counts in N once joinGrace has passed', () => {
  const heard = onHeard(onDiscovery(initialMembership(options), dns(1, 2), 0).state, 'n2', '10.0.0.2', 1, 1000).state;
  expect(summary(onTick(heard, 5999, new Set(['n1'])).state).n).toBe(1);
  expect(summary(onTick(heard, 6000, new Set(['n1'])).state)).toEqual({ members: ['n1@10.0.0.1:active', 'n2@10.0.0.2:active'], n: 2, unknown: [] });
});

test('a heartbeat from an address discovery does not list makes no member', () => {
  const state = onDiscovery(initialMembership(options), dns(1, 2), 0).state;
  const step = onHeard(state, 'intruder', '10.9.9.9', 1, 0);
  expect(changes(step)).toEqual([]);
  expect(summary(step.state)).toEqual({ members: ['n1@10.0.0.1:active'], n: 1, unknown: ['10.0.0.2'] });
});

test('this node heard at its own discovered address (its hello to itself) claims that address', () => {
  const state = onDiscovery(initialMembership({ ...options, staticPeers: new Map([['n1', '0.0.0.0']]) }), dns(1, 2), 0).state;
  expect(summary(onHeard(state, 'n1', '10.0.0.1', 1, 0).state)).toEqual({ members: ['n1@0.0.0.0:active'], n: 1, unknown: ['10.0.0.2'] });
});

test('a member that vanishes from discovery stays in N until removeAfter while it is unreachable', () => {
  const vanished = onDiscovery(fiveHeard(), dns(1, 2, 3, 4), 1000);
  expect(changes(vanished)).toEqual(['n5 vanished']);
  expect(summary(vanished.state).n).toBe(5);
  const contacts = new Set(['n1', 'n2', 'n3', 'n4']);
  const early = onTick(vanished.state, 1000 + 10 * MINUTE - 1, contacts);
  expect(changes(early)).toEqual([]);
  expect(summary(early.state)).toEqual({ members: ['n1@10.0.0.1:active', 'n2@10.0.0.2:active', 'n3@10.0.0.3:active', 'n4@10.0.0.4:active', 'n5@10.0.0.5:vanished'], n: 5, unknown: [] });
  const late = onTick(early.state, 1000 + 10 * MINUTE, contacts);
  expect(changes(late)).toEqual(['n5 removed']);
  expect(late.changes[0]!.reason).toBe('not listed by discovery for removeAfter');
  expect(summary(late.state).n).toBe(4);
});

test('a member that vanishes while in two-way contact is removed after leaveAfter of unbroken contact', () => {
  const vanished = onDiscovery(fiveHeard(), dns(1, 2, 3, 4), 0).state;
  const all = new Set(['n1', 'n2', 'n3', 'n4', 'n5']);
  let state = onTick(vanished, 1000, all).state;
  // Contact breaks at 20 s: the clock restarts when it is back at 25 s.
  state = onTick(state, 20_000, new Set(['n1'])).state;
  state = onTick(state, 25_000, all).state;
  expect(changes(onTick(state, 54_999, all))).toEqual([]);
  const removed = onTick(state, 55_000, all);
  expect(changes(removed)).toEqual(['n5 removed']);
  expect(removed.changes[0]!.reason).toBe('not listed by discovery while in two-way contact for leaveAfter');
  expect(summary(removed.state).members).toEqual(['n1@10.0.0.1:active', 'n2@10.0.0.2:active', 'n3@10.0.0.3:active', 'n4@10.0.0.4:active']);
});

test('a vanished member listed again returns to active', () => {
  const vanished = onDiscovery(fiveHeard(), dns(1, 2, 3, 4), 0).state;
  const back = onDiscovery(vanished, dns(1, 2, 3, 4, 5), 5000);
  expect(changes(back)).toEqual(['n5 returned']);
  // The removeAfter clock is gone with it.
  expect(changes(onTick(back.state, 20 * MINUTE, new Set()))).toEqual([]);
  expect(summary(back.state).n).toBe(5);
});

test('a departure removes a discovered member at once; its address is unknown again until heard', () => {
  const left = onLeft(fiveHeard(), 'n5', 1);
  expect(changes(left)).toEqual(['n5 left']);
  expect(summary(left.state)).toEqual({ members: ['n1@10.0.0.1:active', 'n2@10.0.0.2:active', 'n3@10.0.0.3:active', 'n4@10.0.0.4:active'], n: 4, unknown: ['10.0.0.5'] });
  // Datagrams of the boot that left, still in flight, do not bring it back; its next boot does.
  expect(changes(onHeard(left.state, 'n5', '10.0.0.5', 1, 0))).toEqual([]);
  const rejoined = onHeard(left.state, 'n5', '10.0.0.5', 2, 0);
  expect(changes(rejoined)).toEqual(['n5 joined']);
  expect(changes(onLeft(rejoined.state, 'n5', 2))).toEqual(['n5 left']);
});

test('static peers are always members: a departure or removal does not drop them', () => {
  const state = initialMembership({ ...options, staticPeers: new Map([['n1', '10.0.0.1'], ['n2', '10.0.0.2']]) });
  expect(changes(onLeft(state, 'n2', 1))).toEqual([]);
  expect(changes(onRemoved(state, 'n2'))).toEqual([]);
  expect(summary(onLeft(state, 'n2', 1).state)).toEqual({ members: ['n1@10.0.0.1:active', 'n2@10.0.0.2:active'], n: 2, unknown: [] });
});

test('explicit removal drops a discovered member, vanished or not', () => {
  const step = onRemoved(onDiscovery(fiveHeard(), dns(1, 2, 3, 4), 0).state, 'n5');
  expect(changes(step)).toEqual(['n5 removed']);
  expect(summary(step.state).n).toBe(4);
});

test('maintenance (config) and cordon (discovery) keep the member but leave it out of N', () => {
  let state = onDiscovery(initialMembership({ ...options, maintenance: ['n2'] }), [{ address: '10.0.0.1' }, { address: '10.0.0.2' }, { address: '10.0.0.3', name: 'n3', zone: 'z-b' }], 0).state;
  state = onHeard(state, 'n2', '10.0.0.2', 1, 0).state;
  state = onHeard(state, 'n3', '10.0.0.3', 1, 0).state;
  state = onTick(state, 0, new Set(['n1', 'n2', 'n3'])).state;
  expect(snapshotOf(state)).toEqual({
    members: [
      { name: 'n1', address: '10.0.0.1', zone: '', state: 'active', origin: 'static' },
      { name: 'n2', address: '10.0.0.2', zone: '', state: 'maintenance', origin: 'discovered' },
      { name: 'n3', address: '10.0.0.3', zone: 'z-b', state: 'active', origin: 'discovered' },
    ],
    quorumSize: 2,
    maintenance: ['n2'],
    uncounted: ['n2'],
    unknownAddresses: [],
  });
  const cordoned = onDiscovery(state, [{ address: '10.0.0.1' }, { address: '10.0.0.2' }, { address: '10.0.0.3', name: 'n3', zone: 'z-b', cordoned: true }], 1);
  expect(changes(cordoned)).toEqual(['n3 maintenance']);
  expect(summary(cordoned.state)).toEqual({ members: ['n1@10.0.0.1:active', 'n2@10.0.0.2:maintenance', 'n3@10.0.0.3:maintenance'], n: 1, unknown: [] });
  const uncordoned = onDiscovery(cordoned.state, [{ address: '10.0.0.1' }, { address: '10.0.0.2' }, { address: '10.0.0.3', name: 'n3', zone: 'z-b' }], 2);
  expect(changes(uncordoned)).toEqual(['n3 maintenance_over']);
  expect(summary(uncordoned.state).n).toBe(2);
});

test('a static peer carries its configured zone; discovery fills the zone of static peers without one, never overrides it', () => {
  const staticPeers = new Map([
    ['n1', '10.0.0.1'],
    ['n2', '10.0.0.2'],
    ['n3', '10.0.0.3'],
  ]);
  const initial = initialMembership({ ...options, staticPeers, staticZones: new Map([['n1', 'eu-west-1a'], ['n2', 'eu-west-1b']]) });
  const zones = (state: MembershipState) => snapshotOf(state).members.map((m) => `${m.name}:${m.zone || '-'}`);
  expect(zones(initial)).toEqual(['n1:eu-west-1a', 'n2:eu-west-1b', 'n3:-']);
  const discovered = onDiscovery(initial, [{ address: '10.0.0.2', name: 'n2', zone: 'us-east-1a' }, { address: '10.0.0.3', name: 'n3', zone: 'us-east-1b' }], 0).state;
  expect(zones(discovered)).toEqual(['n1:eu-west-1a', 'n2:eu-west-1b', 'n3:us-east-1b']);
});

test('a member is never moved by what it sends: a hello from another listed address changes nothing', () => {
  const state = onDiscovery(fiveHeard(), dns(1, 2, 3, 4, 5, 6), 0).state;
  expect(changes(onHeard(state, 'n5', '10.0.0.6', 1, 0))).toEqual([]);
  expect(summary(onHeard(state, 'n5', '10.0.0.6', 1, 0).state).unknown).toEqual(['10.0.0.6']);
});

test('a source that names nodes moves a member to the address it lists now', () => {
  let state = onDiscovery(initialMembership(options), [{ address: '10.0.0.1', name: 'n1' }, { address: '10.0.0.2', name: 'n2' }], 0).state;
  state = onTick(onHeard(state, 'n2', '10.0.0.2', 1, 0).state, 0, new Set(['n2'])).state;
  const moved = onDiscovery(state, [{ address: '10.0.0.1', name: 'n1' }, { address: '10.0.0.9', name: 'n2' }], 1);
  expect(changes(moved)).toEqual(['n2 moved']);
  expect(summary(moved.state)).toEqual({ members: ['n1@10.0.0.1:active', 'n2@10.0.0.9:active'], n: 2, unknown: [] });
});

test('the functions are pure: the input state is never changed', () => {
  const state = fiveHeard();
  const before = JSON.stringify(summary(state));
  onLeft(state, 'n5', 1);
  onDiscovery(state, dns(1), 0);
  onTick(onDiscovery(state, dns(1), 0).state, 20 * MINUTE, new Set());
  expect(JSON.stringify(summary(state))).toBe(before);
});
