/**
 * The mesh under membership changes: members added and removed at runtime, hellos that only
 * introduce, departures that count only from the sender's current boot, and rows of peers that
 * still hold another membership read by name.
 */
import { analyze, linksOf } from '../../src/analysis';
import { Mesh } from '../../src/mesh/mesh';
import { decodeHeartbeat, encodeHeartbeat } from '../../src/mesh/heartbeat-codec';
import type { PeerView } from '../../src/mesh/view-codec';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const WALL = 1_795_680_000_000;

function mesh(self: string, members: string[], epoch = 1000) {
  return new Mesh({ cluster: 'c', self, members, secret, damping: { intervalMs: 100, downAfter: 3, upAfter: 2 }, maxAgeMs: 800, epoch, startedAt: 0 });
}

test('a member added at runtime gets a link that comes up when heard; a removed one loses link and row', () => {
  const n1 = mesh('n1', ['n1', 'n2']);
  const n3 = mesh('n3', ['n1', 'n2', 'n3']);
  expect(n1.receive(n3.nextHeartbeat('n1', WALL), 10, WALL)).toEqual({ ok: false, reason: 'unknown_sender', sender: 'n3', epoch: 1000 });
  n1.setMembers(['n1', 'n2', 'n3'], [], 20);
  expect(n1.members).toEqual(['n1', 'n2', 'n3']);
  expect(n1.tracker('n3')?.state).toBe('unknown');
  n1.receive(n3.nextHeartbeat('n1', WALL), 30, WALL);
  expect(n1.receive(n3.nextHeartbeat('n1', WALL), 40, WALL)).toEqual({ ok: true, kind: 'heartbeat', sender: 'n3', epoch: 1000, transition: { from: 'unknown', to: 'up', at: 40 } });
  n1.setMembers(['n1', 'n2'], [], 50);
  expect({ members: n1.members, tracker: n1.tracker('n3'), view: n1.clusterView(60).members }).toEqual({ members: ['n1', 'n2'], tracker: undefined, view: ['n1', 'n2'] });
});

test('a member removed and added again numbers its datagrams on: a receiver that kept it hears it at once', () => {
  const n1 = mesh('n1', ['n1', 'n2']);
  const n2 = mesh('n2', ['n1', 'n2']);
  for (let i = 0; i < 70; i++) n1.receive(n2.nextHeartbeat('n1', WALL), 10 + i, WALL);
  // n2 drops n1 for a while (its discovery lost it), n1 keeps n2.
  n2.setMembers(['n2'], [], 100);
  n2.setMembers(['n1', 'n2'], [], 110);
  expect([n1.receive(n2.nextHeartbeat('n1', WALL), 120, WALL), decodeHeartbeat(n2.nextHeartbeat('n1', WALL), secret)]).toEqual([
    { ok: true, kind: 'heartbeat', sender: 'n2', epoch: 1000 },
    { ok: true, kind: 'heartbeat', heartbeat: expect.objectContaining({ seq: 72 }) },
  ]);
  // A name sent to before it is a member numbers on too.
  n2.nextHeartbeat('n3', WALL);
  n2.setMembers(['n1', 'n2', 'n3'], [], 130);
  expect(decodeHeartbeat(n2.nextHeartbeat('n3', WALL), secret)).toEqual({ ok: true, kind: 'heartbeat', heartbeat: expect.objectContaining({ seq: 2 }) });
});

test('setMembers with the same list changes nothing but a new uncounted list moves the version', () => {
  const n1 = mesh('n1', ['n1', 'n2']);
  const version = n1.version;
  n1.setMembers(['n2', 'n1'], [], 10);
  expect(n1.version).toBe(version);
  n1.setMembers(['n1', 'n2'], ['n2'], 10);
  expect({ moved: n1.version > version, view: n1.clusterView(10).uncounted }).toEqual({ moved: true, view: ['n2'] });
});

test('a hello introduces its sender and moves no link; one for a named recipient is refused', () => {
  const n1 = mesh('n1', ['n1']);
  const n9 = mesh('n9', ['n9']);
  expect(n1.receive(n9.hello(WALL), 10, WALL)).toEqual({ ok: true, kind: 'hello', sender: 'n9', epoch: 1000 });
  expect(n1.receive(n9.hello(WALL - 61_000), 10, WALL)).toEqual({ ok: false, reason: 'stale' });
  const named = encodeHeartbeat({ cluster: 'c', sender: 'n9', recipient: 'n1', epoch: 1000, seq: 0, sentAt: WALL, echo: 0 }, secret, 'hello');
  expect(n1.receive(named, 10, WALL)).toEqual({ ok: false, reason: 'wrong_recipient' });
  expect(n1.receive(n9.hello(WALL), 10, WALL)).toEqual({ ok: true, kind: 'hello', sender: 'n9', epoch: 1000 });
  const otherKey = new Mesh({ cluster: 'c', self: 'n9', members: ['n9'], secret: Buffer.from('another-secret-of-32-bytes-long!'), damping: { intervalMs: 100, downAfter: 3, upAfter: 2 }, maxAgeMs: 800, epoch: 1000, startedAt: 0 });
  expect(n1.receive(otherKey.hello(WALL), 10, WALL)).toEqual({ ok: false, reason: 'bad_signature' });
});

test('a departure counts from the boot of its sender this agent knows, once', () => {
  const n1 = mesh('n1', ['n1', 'n2']);
  const n2 = mesh('n2', ['n1', 'n2'], 2000);
  n1.receive(n2.nextHeartbeat('n1', WALL), 10, WALL);
  const leave = n2.departure('n1', WALL);
  expect(n1.receive(leave, 20, WALL)).toEqual({ ok: true, kind: 'leave', sender: 'n2', epoch: 2000 });
  expect(n1.receive(leave, 30, WALL)).toEqual({ ok: false, reason: 'replayed' });
  // The departure of an earlier boot, replayed after n2 restarted, removes nothing.
  const earlier = mesh('n2', ['n1', 'n2'], 1500);
  expect(n1.receive(earlier.departure('n1', WALL), 40, WALL)).toEqual({ ok: false, reason: 'stale_departure' });
});

test('while agents disagree on membership, rows are read by name: nothing unknown is called down', () => {
  // n1 already knows n4; n2 and n3 do not yet. Their rows (order n1 n2 n3) say nothing about n4.
  const n1 = mesh('n1', ['n1', 'n2', 'n3', 'n4']);
  const view = (origin: string, states: string): PeerView => ({ members: ['n1', 'n2', 'n3'], rows: [{ origin, epoch: 1, seq: 1, ageMs: 0, inbound: states }] }) as unknown as PeerView;
  for (const source of ['n2', 'n3', 'n4']) for (let t = 0; t < 2; t++) n1.receive(encodeHeartbeat({ cluster: 'c', sender: source, recipient: 'n1', epoch: 1000, seq: t + 1, sentAt: WALL, echo: 0 }, secret), 10 + t, WALL);
  expect(n1.mergeView(view('n2', 'uuu'), 20, WALL)).toBe(1);
  expect(n1.mergeView(view('n3', 'uuu'), 20, WALL)).toBe(1);
  n1.refreshOwnRow(20);
  const clusterView = n1.clusterView(20);
  const verdict = analyze(clusterView);
  expect({ role: verdict.role, contacts: verdict.contacts, unreachable: verdict.unreachable, down: linksOf(clusterView).filter((l) => l.state === 'down') }).toEqual({
    role: 'majority',
    contacts: ['n1', 'n2', 'n3'],
    unreachable: ['n4'],
    down: [],
  });
});

test('two-way contacts come from the mesh: a link up and a fresh row that hears us', () => {
  const n1 = mesh('n1', ['n1', 'n2', 'n3']);
  for (const source of ['n2', 'n3']) for (let t = 0; t < 2; t++) n1.receive(encodeHeartbeat({ cluster: 'c', sender: source, recipient: 'n1', epoch: 1000, seq: t + 1, sentAt: WALL, echo: 0 }, secret), 10 + t, WALL);
  const view = (origin: string, states: string): PeerView => ({ members: ['n1', 'n2', 'n3'], rows: [{ origin, epoch: 1, seq: 1, ageMs: 0, inbound: states }] }) as unknown as PeerView;
  n1.mergeView(view('n2', 'uuu'), 20, WALL);
  n1.mergeView(view('n3', 'duu'), 20, WALL);
  expect(n1.twoWayContacts(20)).toEqual(['n2']);
  // The row ages out (maxAge 800 ms): no contact known.
  expect(n1.twoWayContacts(900)).toEqual([]);
});
