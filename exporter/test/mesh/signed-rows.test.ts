/** Rows signed by their origin (docs/security.md, F1/F4): relays pass them on and cannot change or invent them. */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Mesh } from '../../src/mesh/mesh';
import type { RowRejectReason } from '../../src/mesh/rejections';
import type { PeerView } from '../../src/mesh/view-codec';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const WALL = 1_795_680_000_000;
const members = ['n1', 'n2', 'n3'];
const pairs = Object.fromEntries(members.map((m) => [m, generateKeyPairSync('ed25519')]));
const publicKeys = new Map<string, KeyObject>(members.map((m) => [m, pairs[m]!.publicKey]));

function mesh(self: string, rejected: RowRejectReason[] = [], epoch = WALL - 10_000) {
  return new Mesh({
    cluster: 'c', self, members, secret, damping: { intervalMs: 100, downAfter: 3, upAfter: 2 }, maxAgeMs: 800, epoch, startedAt: 0,
    keys: { privateKey: pairs[self]!.privateKey, publicKeys }, onRowRejected: (r) => rejected.push(r),
  });
}

function deliver(from: Mesh, to: Mesh, start: number, count: number) {
  for (let i = 0; i < count; i++) to.receive(from.nextHeartbeat(to.self, WALL + start + i * 100), start + i * 100, WALL + start + i * 100);
}

describe('signed rows', () => {
  it('relays a signed row verbatim, so the third node takes it', () => {
    const [n1, n2, n3] = [mesh('n1'), mesh('n2'), mesh('n3')];
    deliver(n1, n3, 0, 3);
    n3.tick(300);
    const fromN3 = n3.wireView(300, true, null) as PeerView;
    expect(fromN3.rows[0]!.sig).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(n2.mergeView(fromN3, 310, WALL)).toBe(1);
    n2.tick(320);
    expect(n1.mergeView(n2.wireView(320, true, null) as PeerView, 330, WALL)).toBe(2);
    expect(n1.rowOf('n3')!.compact!.states).toBe('u?u');
  });

  it('F1/F4: a relay that changes a state, raises (epoch, seq), drops the signature or signs with its own key is refused per row', () => {
    const rejected: RowRejectReason[] = [];
    const [n1, n3] = [mesh('n1', rejected), mesh('n3')];
    n3.tick(300);
    const real = (n3.wireView(300, true, null) as PeerView).rows[0]!;
    const forged = (rows: PeerView['rows']): PeerView => ({ version: 1, cluster: 'c', node: 'n2', epoch: WALL, members, ready: true, rows });
    expect(n1.mergeView(forged([{ ...real, inbound: 'ddu' }]), 310, WALL)).toBe(0);
    expect(n1.mergeView(forged([{ ...real, seq: real.seq + 1 }]), 310, WALL)).toBe(0);
    expect(n1.mergeView(forged([{ ...real, epoch: real.epoch + 1 }]), 310, WALL)).toBe(0);
    const { sig: _dropped, ...unsigned } = real;
    expect(n1.mergeView(forged([unsigned]), 310, WALL)).toBe(0);
    // n2, a member with its own key, signs a row for n3: still not n3's signature.
    const n2 = mesh('n2');
    n2.tick(300);
    const n2Sig = (n2.wireView(300, true, null) as PeerView).rows[0]!.sig!;
    expect(n1.mergeView(forged([{ ...real, sig: n2Sig }]), 310, WALL)).toBe(0);
    // The insider's F4 row: epoch = seq = 2^53-1, refused before any signature is checked.
    expect(n1.mergeView(forged([{ ...real, epoch: Number.MAX_SAFE_INTEGER, seq: Number.MAX_SAFE_INTEGER }]), 310, WALL)).toBe(0);
    expect(n1.mergeView(forged([{ ...real, seq: 10_000 + 120_000 }]), 310, WALL)).toBe(0);
    expect(rejected).toEqual(['bad_signature', 'bad_signature', 'bad_signature', 'unsigned', 'bad_signature', 'future_epoch', 'future_seq']);
    expect(n1.mergeView(forged([real]), 310, WALL)).toBe(1);
  });

  it('refuses signed rows from a view with another membership (their states are in another order)', () => {
    const rejected: RowRejectReason[] = [];
    const n1 = mesh('n1', rejected);
    const n3 = mesh('n3');
    n3.tick(300);
    const view = n3.wireView(300, true, null) as PeerView;
    expect(n1.mergeView({ ...view, members: ['n1', 'n2', 'n3', 'n4'] }, 310, WALL)).toBe(0);
    expect(rejected).toEqual(['membership']);
  });

  it('a relay cannot make a held-back row look fresh: its age is bounded by the origin uptime in seq', () => {
    const [n1, n3] = [mesh('n1'), mesh('n3')];
    n3.tick(1500); // n3's own row, seq = 1500 (ms of uptime)
    n1.mergeView(n3.wireView(1500, true, null) as PeerView, 1510, WALL); // pulled from n3 itself: born ≤ seq + 10
    deliver(n1, n3, 1520, 2); // n1→n3 comes up: n3's next row says something new
    n3.tick(1600);
    const later = n3.wireView(1600, true, null) as PeerView;
    expect(later.rows[0]!.inbound).toBe('udu');
    // A relay held this row back from t=1600 and serves it at t=1790 claiming age 0.
    expect(n1.mergeView({ ...later, node: 'n2', rows: [{ ...later.rows[0]!, ageMs: 0 }] }, 1790, WALL)).toBe(1);
    expect(n1.rowOf('n3')!.bornAt).toBe(1610);
  });
});
