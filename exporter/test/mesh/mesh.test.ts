import { analyze } from '../../src/analysis';
import { BOOT_GRACE_MS, Mesh, type MeshOptions } from '../../src/mesh/mesh';
import { encodeHeartbeat } from '../../src/mesh/heartbeat-codec';
import type { PeerView } from '../../src/mesh/view-codec';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const WALL = 1_795_680_000_000;
const members = ['n1', 'n2', 'n3'];

function mesh(self: string, epoch = 1000, sourceOf?: MeshOptions['sourceOf']) {
  return new Mesh({ cluster: 'c', self, members, secret, damping: { intervalMs: 100, downAfter: 3, upAfter: 2 }, maxAgeMs: 800, epoch, startedAt: 0, sourceOf });
}

/** Delivers `count` heartbeats from `from` to `to`, 100 ms apart starting at `start`. */
function deliver(from: Mesh, to: Mesh, start: number, count: number) {
  for (let i = 0; i < count; i++) to.receive(from.nextHeartbeat(to.self, WALL + start + i * 100), start + i * 100, WALL + start + i * 100);
}

describe('Mesh heartbeat admission', () => {
  it('accepts a peer heartbeat and brings the link up after upAfter', () => {
    const n1 = mesh('n1');
    const n2 = mesh('n2');
    expect(n1.receive(n2.nextHeartbeat('n1', WALL), 100, WALL)).toEqual({ ok: true, kind: 'heartbeat', sender: 'n2', epoch: 1000 });
    expect(n1.receive(n2.nextHeartbeat('n1', WALL), 200, WALL)).toEqual({ ok: true, kind: 'heartbeat', sender: 'n2', epoch: 1000, transition: { from: 'unknown', to: 'up', at: 200 } });
  });

  it('counts accepted heartbeats per peer until they are taken, and forgets the count of a former member', () => {
    const [n1, n2, n3] = [mesh('n1'), mesh('n2'), mesh('n3')];
    deliver(n2, n1, 100, 3);
    deliver(n3, n1, 100, 2);
    n1.receive(n2.nextHeartbeat('n3', WALL), 600, WALL); // refused: not counted
    const taken = () => {
      const counts: [string, number][] = [];
      n1.takeHeardCounts((peer, count) => counts.push([peer, count]));
      return counts;
    };
    expect(taken()).toEqual([
      ['n2', 3],
      ['n3', 2],
    ]);
    deliver(n3, n1, 700, 1);
    n1.setMembers(['n1', 'n2'], [], 800);
    expect([taken(), taken()]).toEqual([[], []]);
  });

  it('counts replays, strangers, other clusters and far-off send times as rejections', () => {
    const n1 = mesh('n1');
    const n2 = mesh('n2');
    const datagram = n2.nextHeartbeat('n1', WALL);
    expect(n1.receive(datagram, 100, WALL).ok).toBe(true);
    expect(n1.receive(datagram, 110, WALL)).toEqual({ ok: false, reason: 'replayed' });
    const stranger = encodeHeartbeat({ cluster: 'c', sender: 'n9', recipient: 'n1', epoch: 1, seq: 1, sentAt: WALL, echo: 0 }, secret);
    expect(n1.receive(stranger, 120, WALL)).toEqual({ ok: false, reason: 'unknown_sender', sender: 'n9', epoch: 1 });
    const otherCluster = encodeHeartbeat({ cluster: 'd', sender: 'n2', recipient: 'n1', epoch: 1, seq: 1, sentAt: WALL, echo: 0 }, secret);
    expect(n1.receive(otherCluster, 130, WALL)).toEqual({ ok: false, reason: 'wrong_cluster' });
    const old = encodeHeartbeat({ cluster: 'c', sender: 'n2', recipient: 'n1', epoch: 1000, seq: 99, sentAt: WALL - 61_000, echo: 0 }, secret);
    expect(n1.receive(old, 140, WALL)).toEqual({ ok: false, reason: 'stale' });
    expect(n1.receive(Buffer.from('garbage'), 150, WALL)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('Mesh damping tick', () => {
  it('takes a link down on time after every other link was down (the tick skips no link that came up)', () => {
    const [n1, n2] = [mesh('n1'), mesh('n2')];
    expect(n1.tick(301).map((e) => `${e.source} ${e.transition.to}`)).toEqual(['n2 down', 'n3 down']);
    n1.tick(900); // every link down: nothing can change by a tick until one is heard
    deliver(n2, n1, 1000, 2);
    expect(n1.tracker('n2')?.state).toBe('up');
    expect(n1.tick(1400)).toEqual([]);
    expect(n1.tick(1401)).toEqual([{ source: 'n2', transition: { from: 'up', to: 'down', at: 1401 } }]);
  });
});

describe('Mesh heartbeats prove one link', () => {
  it('F2: a heartbeat for n3 relayed to n1 is wrong_recipient; one from another address is wrong_address', () => {
    const n1 = mesh('n1', 1000, (m) => (m === 'n2' ? { host: '10.0.0.2', port: 9465 } : undefined));
    const n2 = mesh('n2');
    expect(n1.receive(n2.nextHeartbeat('n3', WALL), 100, WALL, { address: '10.0.0.2', port: 9465 })).toEqual({ ok: false, reason: 'wrong_recipient' });
    expect(n1.receive(n2.nextHeartbeat('n1', WALL), 110, WALL, { address: '10.0.0.3', port: 9465 })).toEqual({ ok: false, reason: 'wrong_address' });
    expect(n1.receive(n2.nextHeartbeat('n1', WALL), 120, WALL, { address: '10.0.0.2', port: 40000 })).toEqual({ ok: false, reason: 'wrong_address' });
    expect(n1.receive(n2.nextHeartbeat('n1', WALL), 130, WALL, { address: '::ffff:10.0.0.2', port: 9465 })).toEqual({ ok: true, kind: 'heartbeat', sender: 'n2', epoch: 1000 });
  });

  it('F3: after a restart, heartbeats sent to the former process are before_restart; echoing the new epoch admits them', () => {
    const WALL_BOOT = WALL + 30_000;
    const n2 = mesh('n2', WALL - 100_000);
    const oldN1 = mesh('n1', WALL - 200_000);
    deliver(oldN1, n2, 0, 1); // n2 learns n1's first epoch
    const captured = [1, 2, 3].map((i) => n2.nextHeartbeat('n1', WALL + i * 100));
    const newN1 = mesh('n1', WALL_BOOT);
    expect(captured.map((d, i) => newN1.receive(d, i, WALL_BOOT + 500))).toEqual(Array(3).fill({ ok: false, reason: 'before_restart' }));
    // Sent after the restart (a clock within the grace): admitted before n2 has learned the new epoch.
    expect(newN1.receive(n2.nextHeartbeat('n1', WALL_BOOT - BOOT_GRACE_MS + 10), 10, WALL_BOOT + 500).ok).toBe(true);
    // A sender whose clock lags 5 s is admitted once it echoes the new epoch.
    expect(newN1.receive(n2.nextHeartbeat('n1', WALL_BOOT - 5_000), 20, WALL_BOOT)).toEqual({ ok: false, reason: 'before_restart' });
    deliver(newN1, n2, 0, 1);
    expect(newN1.receive(n2.nextHeartbeat('n1', WALL_BOOT - 5_000), 30, WALL_BOOT)).toEqual({ ok: true, kind: 'heartbeat', sender: 'n2', epoch: WALL - 100_000, transition: { from: 'unknown', to: 'up', at: 30 } });
  });

  it('F5: a far-future epoch is future_epoch, and one forged within the bound does not shut the link', () => {
    const n1 = mesh('n1', WALL - 100_000);
    const n2 = mesh('n2', WALL - 50_000);
    deliver(n2, n1, 0, 2);
    const far = encodeHeartbeat({ cluster: 'c', sender: 'n2', recipient: 'n1', epoch: 9_999_999_999_999, seq: 1, sentAt: WALL, echo: 0 }, secret);
    expect(n1.receive(far, 250, WALL)).toEqual({ ok: false, reason: 'future_epoch' });
    const near = encodeHeartbeat({ cluster: 'c', sender: 'n2', recipient: 'n1', epoch: WALL + 59_000, seq: 1, sentAt: WALL + 59_000, echo: 0 }, secret);
    expect(n1.receive(near, 260, WALL)).toEqual({ ok: true, kind: 'heartbeat', sender: 'n2', epoch: WALL + 59_000 });
    const after = [0, 1, 2].map((i) => n1.receive(n2.nextHeartbeat('n1', WALL + 300 + i * 100), 300 + i * 100, WALL + 300 + i * 100));
    expect(after).toEqual(Array(3).fill({ ok: true, kind: 'heartbeat', sender: 'n2', epoch: WALL - 50_000 }));
    expect(n1.tracker('n2')!.state).toBe('up');
  });
});

describe('Mesh views', () => {
  it('relays rows so a node learns links it cannot see, and only newer rows win', () => {
    const [n1, n2, n3] = [mesh('n1', 11), mesh('n2', 22), mesh('n3', 33)];
    // n1 <-> n2 and n2 <-> n3 hear each other; n1 and n3 do not.
    deliver(n2, n1, 0, 3);
    deliver(n1, n2, 0, 3);
    deliver(n3, n2, 0, 3);
    deliver(n2, n3, 0, 3);
    for (const m of [n1, n2, n3]) m.tick(350);
    const fromN3 = n3.wireView(350, true, null) as PeerView;
    expect(fromN3.rows.map((r) => [r.origin, r.inbound])).toEqual([['n3', 'duu']]);
    expect(n2.mergeView(fromN3, 360)).toBe(1);
    expect(n2.mergeView(fromN3, 365)).toBe(0); // same (epoch, seq): not newer
    const fromN2 = n2.wireView(370, true, null) as PeerView;
    expect(fromN2.rows.map((r) => [r.origin, r.inbound, r.ageMs])).toEqual([
      ['n2', 'uuu', 20],
      ['n3', 'duu', 10],
    ]);
    expect(n1.mergeView(fromN2, 380)).toBe(2);
    const verdict = analyze(n1.clusterView(380));
    expect(verdict.freshNodes).toEqual(['n1', 'n2', 'n3']);
    expect(verdict.contacts).toEqual(['n1', 'n2']);
    expect(verdict.role).toBe('majority');
    expect(verdict.bridges).toEqual(['n2']);
  });

  it('drops rows that arrive already older than maxAge, and expires held rows', () => {
    const [n1, n2] = [mesh('n1'), mesh('n2')];
    n2.tick(0);
    const view = n2.wireView(0, true, null) as PeerView;
    const aged = { ...view, rows: view.rows.map((r) => ({ ...r, ageMs: 900 })) };
    expect(n1.mergeView(aged, 1000)).toBe(0);
    expect(n1.mergeView(view, 1000)).toBe(1);
    n1.tick(1700);
    expect(n1.rowOf('n2')?.origin).toBe('n2');
    n1.tick(1801);
    expect(n1.rowOf('n2')).toBeUndefined();
  });

  it('expires a row that arrived older than every row held when the last expiry ran', () => {
    const [n1, n2, n3] = [mesh('n1'), mesh('n2'), mesh('n3')];
    n2.tick(0);
    n3.tick(0);
    expect(n1.mergeView(n2.wireView(0, true, null) as PeerView, 1000)).toBe(1);
    n1.tick(1100); // nothing near its age: born at 1000
    const fromN3 = n3.wireView(0, true, null) as PeerView;
    expect(n1.mergeView({ ...fromN3, rows: fromN3.rows.map((r) => ({ ...r, ageMs: 700 })) }, 1150)).toBe(1); // born at 450
    n1.tick(1251);
    expect([n1.rowOf('n2')?.origin, n1.rowOf('n3')]).toEqual(['n2', undefined]);
  });

  it('never lets a relayed row replace its own row, and ignores unknown origins', () => {
    const n1 = mesh('n1');
    n1.tick(0);
    const forged: PeerView = { version: 1, cluster: 'c', node: 'n2', epoch: 5, members: ['n1', 'n2', 'n3', 'n9'], ready: true, rows: [
      { origin: 'n1', epoch: 1e12, seq: 1, ageMs: 0, inbound: 'dddd' },
      { origin: 'n9', epoch: 1, seq: 1, ageMs: 0, inbound: 'uuuu' },
    ] };
    expect(n1.mergeView(forged, 10)).toBe(0);
    expect(n1.rowOf('n1')?.inbound).toEqual({ n1: 'up', n2: 'unknown', n3: 'unknown' });
  });

  it('maps rows by member name when the peer lists members in another order', () => {
    const n1 = mesh('n1');
    const view: PeerView = { version: 1, cluster: 'c', node: 'n3', epoch: 5, members: ['n3', 'n2', 'n1'], ready: true, rows: [{ origin: 'n3', epoch: 5, seq: 1, ageMs: 0, inbound: 'uud' }] };
    expect(n1.mergeView(view, 10)).toBe(1);
    expect(n1.rowOf('n3')?.inbound).toEqual({ n3: 'up', n2: 'up', n1: 'down' });
  });
});
