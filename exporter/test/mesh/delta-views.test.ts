/** Delta views: a peer that names its cursor gets only what changed; rows renew once per refresh window. */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Mesh } from '../../src/mesh/mesh';
import { encodeHeartbeat } from '../../src/mesh/heartbeat-codec';
import { membersDigest } from '../../src/mesh/row-signature';
import { statesHash } from '../../src/mesh/row-store';
import { validatePeerView, type HeldMembership, type PeerView, type WireDelta } from '../../src/mesh/view-codec';
import type { RowRejectReason } from '../../src/mesh/rejections';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const WALL = 1_795_680_000_000;
const E = WALL - 10_000;
const members = ['n1', 'n2', 'n3'];
const digest = membersDigest(members);
const pairs = Object.fromEntries(members.map((m) => [m, generateKeyPairSync('ed25519')]));
const publicKeys = new Map<string, KeyObject>(members.map((m) => [m, pairs[m]!.publicKey]));

/**
 * A small cluster: rows renew once per heartbeat interval (100 ms) of their origin's seq. A peer
 * not heard by 300 ms goes down (downAfter 3 × 100 ms), which changes the row.
 */
function mesh(self: string, options: { epoch?: number; keys?: boolean; rejected?: RowRejectReason[]; of?: string[] } = {}) {
  return new Mesh({
    cluster: 'c', self, members: options.of ?? members, secret, damping: { intervalMs: 100, downAfter: 3, upAfter: 2 }, maxAgeMs: 600, epoch: options.epoch ?? E, startedAt: 0,
    ...(options.keys === true ? { keys: { privateKey: pairs[self]!.privateKey, publicKeys } } : {}),
    ...(options.rejected === undefined ? {} : { onRowRejected: (r: RowRejectReason) => options.rejected!.push(r) }),
  });
}

function deliver(from: Mesh, to: Mesh, start: number, count: number) {
  for (let i = 0; i < count; i++) to.receive(from.nextHeartbeat(to.self, WALL + start + i * 100), start + i * 100, WALL + start + i * 100);
}

/** A delta as the puller gets it: through JSON and the untrusted-input check. */
function travel(delta: WireDelta, held?: HeldMembership): PeerView {
  const validated = validatePeerView(JSON.parse(JSON.stringify(delta)), held);
  if (!validated.ok) throw new Error(validated.detail);
  return validated.view;
}

const cursor = (stamp: number, epoch = E) => `${epoch}.${stamp}.${digest.slice(0, 16)}`;
const held: HeldMembership = { members, digest };

describe('delta views', () => {
  it('sends everything with the member list first, then nothing while nothing changes, a refresh per window, a changed row in full', () => {
    const [n1, n2, n3] = [mesh('n1'), mesh('n2'), mesh('n3')];
    deliver(n1, n3, 0, 3);
    deliver(n2, n3, 0, 3);
    n3.tick(210);
    const first = n3.deltaView('', 210, true);
    expect(first).toEqual({ version: 2, cluster: 'c', node: 'n3', epoch: E, members, membersDigest: digest, ready: true, cursor: cursor(1), more: false, rows: [[2, E, 210, 0, 'u3']], refresh: [] });
    expect(n2.mergePulled(travel(first), 220, WALL)).toEqual({ taken: 1, missed: 0 });

    n3.tick(290); // same states, same window (290 / 100)
    expect(n3.deltaView(first.cursor, 290, true)).toEqual({ version: 2, cluster: 'c', node: 'n3', epoch: E, membersDigest: digest, ready: true, cursor: cursor(1), more: false, rows: [], refresh: [] });

    deliver(n1, n3, 300, 2);
    deliver(n2, n3, 300, 2);
    n3.tick(410); // a new window of seq: renewed, its states named by their hash
    const renewed = n3.deltaView(first.cursor, 410, true);
    expect(renewed).toMatchObject({ rows: [], refresh: [[2, 410, 0, statesHash('uuu')]], cursor: cursor(2) });
    expect(n2.mergePulled(travel(renewed, held), 420, WALL)).toEqual({ taken: 1, missed: 0 });
    expect(n2.rowOf('n3')).toMatchObject({ seq: 410, bornAt: 420, compact: { states: 'uuu' } });

    deliver(n1, n3, 500, 3); // n2 falls silent after 400: its link goes down at n3
    n3.tick(750);
    const changed = n3.deltaView(renewed.cursor, 750, true);
    expect(changed).toMatchObject({ rows: [[2, E, 750, 0, 'udu']], refresh: [] });
    expect(n2.mergePulled(travel(changed, held), 760, WALL)).toEqual({ taken: 1, missed: 0 });
    expect(n2.rowOf('n3')!.compact!.states).toBe('udu');
  });

  it('pages a delta larger than one response: `more` and a cursor in the middle, the rest on the next request', () => {
    const n1 = mesh('n1');
    const view = (origin: string, seq: number) => ({ version: 1 as const, cluster: 'c', node: origin, epoch: E, members, ready: true, rows: [{ origin, epoch: E, seq, ageMs: 0, inbound: 'uuu' }] });
    n1.mergeView(view('n2', 100), 100, WALL);
    n1.mergeView(view('n3', 100), 100, WALL);
    n1.tick(100);
    // Stamps: n2's row 1, n3's row 2, the own row 3. A page stops once it passes maxRowBytes (1 here).
    const page1 = n1.deltaView('', 100, true, 1);
    expect(page1.rows.map((r) => r[0])).toEqual([1]);
    expect(page1).toMatchObject({ more: true, cursor: cursor(1), members });
    const page2 = n1.deltaView(page1.cursor, 100, true, 1);
    expect(page2.rows.map((r) => r[0])).toEqual([2]);
    expect(page2).toMatchObject({ more: true, cursor: cursor(2) });
    expect(page2.members).toBeUndefined();
    const page3 = n1.deltaView(page2.cursor, 100, true);
    expect(page3.rows.map((r) => r[0])).toEqual([0]);
    expect(page3).toMatchObject({ more: false, cursor: cursor(3) });
  });

  it('answers a cursor of another boot or membership with everything and the member list', () => {
    const n3 = mesh('n3', { epoch: E + 5 });
    n3.tick(100);
    expect(n3.deltaView(cursor(1), 100, true).members).toEqual(members); // the cursor names epoch E, this boot is E + 5
    expect(n3.deltaView(`${E + 5}.1.${digest.slice(0, 16)}`, 100, true).members).toBeUndefined();
    n3.setMembers(['n1', 'n2', 'n3', 'n4'], [], 110);
    n3.tick(120);
    const after = n3.deltaView(`${E + 5}.1.${digest.slice(0, 16)}`, 120, true);
    expect(after.members).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(after.rows).toEqual([[2, E + 5, 120, 0, '?2u?']]);
  });

  it('counts a refresh of a row not held with those states as missed (the puller then asks for everything)', () => {
    const n1 = mesh('n1');
    const refresh: WireDelta = { version: 2, cluster: 'c', node: 'n3', epoch: E, membersDigest: digest, ready: true, cursor: cursor(9), more: false, rows: [], refresh: [[2, 500, 0, statesHash('uuu')]] };
    expect(n1.mergePulled(travel(refresh, held), 510, WALL)).toEqual({ taken: 0, missed: 1 });
    n1.mergeView({ version: 1, cluster: 'c', node: 'n3', epoch: E, members, ready: true, rows: [{ origin: 'n3', epoch: E, seq: 400, ageMs: 0, inbound: 'u?u' }] }, 520, WALL);
    expect(n1.mergePulled(travel(refresh, held), 530, WALL)).toEqual({ taken: 0, missed: 1 }); // held states differ
    expect(n1.mergePulled(travel({ ...refresh, refresh: [[2, 500, 0, statesHash('u?u')]] }, held), 540, WALL)).toEqual({ taken: 1, missed: 0 });
    expect(n1.mergePulled(travel({ ...refresh, refresh: [[2, 450, 0, statesHash('uuu')]] }, held), 550, WALL)).toEqual({ taken: 0, missed: 0 }); // older than held: old news
  });

  it('takes the newest of two refreshes of one origin in one delta, in either order', () => {
    for (const seqs of [
      [500, 470],
      [470, 500],
    ]) {
      const n1 = mesh('n1');
      n1.mergeView({ version: 1, cluster: 'c', node: 'n3', epoch: E, members, ready: true, rows: [{ origin: 'n3', epoch: E, seq: 400, ageMs: 0, inbound: 'uuu' }] }, 400, WALL);
      const twice: WireDelta = { version: 2, cluster: 'c', node: 'n2', epoch: E, membersDigest: digest, ready: true, cursor: cursor(9), more: false, rows: [], refresh: seqs.map((seq) => [2, seq, 0, statesHash('uuu')] as [number, number, number, string]) };
      expect(n1.mergePulled(travel(twice, held), 510, WALL)).toEqual({ taken: seqs[0] === 500 ? 1 : 2, missed: 0 });
      expect(n1.rowOf('n3')?.seq).toBe(500);
    }
  });

  it('with per-node keys a refresh carries the origin signature for its seq; a forged one is refused', () => {
    const rejected: RowRejectReason[] = [];
    const [n1, n3] = [mesh('n1', { keys: true, rejected }), mesh('n3', { keys: true })];
    n3.tick(100);
    const first = n3.deltaView('', 100, true);
    expect(first.rows[0]![5]).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(n1.mergePulled(travel(first), 100, WALL)).toEqual({ taken: 1, missed: 0 });
    n3.tick(250);
    const renewed = n3.deltaView(first.cursor, 250, true);
    expect(renewed.refresh[0]!.slice(0, 4)).toEqual([2, 250, 0, statesHash('??u')]);
    const forged = { ...renewed, refresh: [[2, 260, 0, statesHash('??u'), renewed.refresh[0]![4]!] as [number, number, number, string, string]] };
    expect(n1.mergePulled(travel(forged, held), 260, WALL)).toEqual({ taken: 0, missed: 0 });
    expect(rejected).toEqual(['bad_signature']);
    expect(n1.mergePulled(travel(renewed, held), 270, WALL)).toEqual({ taken: 1, missed: 0 });
    expect(n1.rowOf('n3')!.seq).toBe(250);
  });

  it('refuses untrusted deltas with the path of the first problem', () => {
    const base: WireDelta = { version: 2, cluster: 'c', node: 'n3', epoch: E, members, membersDigest: digest, ready: true, cursor: cursor(1), more: false, rows: [], refresh: [] };
    const problem = (delta: unknown, heldMembers?: HeldMembership) => {
      const validated = validatePeerView(delta, heldMembers);
      return validated.ok ? 'ok' : validated.detail;
    };
    expect(problem({ ...base, rows: [[3, E, 1, 0, 'u3']] })).toBe('rows.0.0: expected a member index below 3');
    expect(problem({ ...base, rows: [[0, E, 1, 0, 'u4']] })).toBe('rows.0.4: expected runs of u, d and ? adding up to 3 members');
    expect(problem({ ...base, rows: [[0, E, 1, 0, 'x3']] })).toBe('rows.0.4: expected runs of u, d and ? adding up to 3 members');
    expect(problem({ ...base, rows: [[0, E, 1, 0, 'u99999999']] })).toBe('rows.0.4: expected runs of u, d and ? adding up to 3 members');
    expect(problem({ ...base, refresh: [[0, 1, 0, 'NOT-A-HASH']] })).toBe('refresh.0.3: expected a states hash (1 to 5 of 0-9 a-z)');
    expect(problem({ ...base, cursor: 'a b' })).toBe('cursor: expected up to 128 characters of A-Z a-z 0-9 . _ -');
    const { members: _dropped, ...withoutMembers } = base;
    expect(problem(withoutMembers)).toBe('members: a delta without a member list must name the membership of an earlier full view (membersDigest)');
    expect(problem(withoutMembers, { members: ['n1', 'n2'], digest: membersDigest(['n1', 'n2']) })).toBe('members: a delta without a member list must name the membership of an earlier full view (membersDigest)');
    expect(problem(withoutMembers, held)).toBe('ok');
    expect(problem({ ...base, version: 3 })).toBe('version: expected 1 or 2');
  });
});

describe('pushed rows', () => {
  it('a changed row reaches a peer in one datagram, once: a replay is refused by the replay window', () => {
    const [n1, n2] = [mesh('n1'), mesh('n2')];
    deliver(n2, n1, 0, 3);
    n1.tick(250);
    const datagram = n1.rowDatagram('n2', WALL)!;
    expect(datagram.toString('latin1')).toMatch(new RegExp(`^ns2-row c n1 n2 ${E} 1 ${WALL} ${E} 250 ${digest} u2\\? - [A-Za-z0-9_-]{43}$`));
    expect(n2.receive(datagram, 260, WALL)).toEqual({ ok: true, kind: 'heartbeat', sender: 'n1', epoch: E, pushed: 'taken' });
    expect(n2.rowOf('n1')).toMatchObject({ seq: 250, bornAt: 260, compact: { states: 'uu?' } });
    expect(n2.receive(datagram, 270, WALL)).toEqual({ ok: false, reason: 'replayed' });
    // The same row again is old news; a row datagram is a heartbeat too (the second brings n1's link up at n2).
    expect(n2.receive(n1.rowDatagram('n2', WALL)!, 280, WALL)).toEqual({ ok: true, kind: 'heartbeat', sender: 'n1', epoch: E, pushed: 'old', transition: { from: 'unknown', to: 'up', at: 280 } });
  });

  it('a row made under another member list is left to the pulls', () => {
    const n1 = mesh('n1', { of: ['n1', 'n2', 'n3', 'n4'] });
    n1.tick(100);
    expect(mesh('n2').receive(n1.rowDatagram('n2', WALL)!, 110, WALL)).toEqual({ ok: true, kind: 'heartbeat', sender: 'n1', epoch: E, pushed: 'membership' });
  });

  it('a row too long for one datagram is not pushed', () => {
    const many = Array.from({ length: 1200 }, (_, i) => `m${String(i).padStart(4, '0')}`);
    const m = new Mesh({ cluster: 'c', self: 'm0000', members: many, secret, damping: { intervalMs: 100, downAfter: 3, upAfter: 2 }, maxAgeMs: 900, epoch: E, startedAt: 0 });
    // Alternate states: no runs to shorten.
    for (let i = 1; i < many.length; i += 2) for (let seq = 1; seq <= 2; seq++) m.receive(encodeHeartbeat({ cluster: 'c', sender: many[i]!, recipient: 'm0000', epoch: E, seq, sentAt: WALL, echo: 0 }, secret), 10 * seq, WALL);
    m.tick(50);
    expect(m.rowDatagram(many[1]!, WALL)).toBeUndefined();
  });
});
