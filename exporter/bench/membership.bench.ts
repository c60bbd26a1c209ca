/**
 * Cost of the membership at 1000 discovered members: one discovery snapshot applied, the
 * heartbeat path (one heard event per datagram: no change, the common case), one tick, a
 * snapshot of the member list, and the mesh taking a changed member list (setMembers: a join).
 */
import { Mesh } from '../src/mesh/mesh';
import { initialMembership, onDiscovery, onHeard, onTick, snapshotOf, type MembershipState } from '../src/membership';
import { timeSync, type BenchRow } from './harness';

const MEMBERS = 1000;

export async function run(): Promise<BenchRow[]> {
  const names = Array.from({ length: MEMBERS }, (_, i) => `node-${String(i).padStart(4, '0')}`);
  const address = (i: number) => `10.${Math.floor(i / 250)}.${i % 250}.1`;
  const addresses = names.map((_, i) => ({ address: address(i) }));
  const options = { self: names[0]!, staticPeers: new Map([[names[0]!, address(0)]]), maintenance: [], removeAfterMs: 600_000, leaveAfterMs: 30_000, joinGraceMs: 4000 };
  let state: MembershipState = onDiscovery(initialMembership(options), addresses, 0).state;
  for (let i = 1; i < MEMBERS; i++) state = onHeard(state, names[i]!, address(i), 1, 0).state;
  const all = new Set(names);
  state = onTick(state, 1, all).state;
  const row = (name: string, unit: string, s: ReturnType<typeof timeSync>, target?: string): BenchRow => ({ bench: 'membership', case: name, unit, ...s, ...(target === undefined ? {} : { target }) });
  const snapshot = timeSync(() => void onDiscovery(state, addresses, 2), 25, 5);
  let k = 0;
  const heard = timeSync(() => {
    for (let i = 0; i < 1000; i++) {
      const member = (k++ % (MEMBERS - 1)) + 1;
      onHeard(state, names[member]!, address(member), 1, 3);
    }
  }, 25, 5);
  const tick = timeSync(() => void onTick(state, 4, all), 25, 5);
  const list = timeSync(() => void snapshotOf(state), 25, 5);
  const mesh = new Mesh({ cluster: 'bench', self: names[0]!, members: names, secret: Buffer.alloc(32), damping: { intervalMs: 500, downAfter: 3, upAfter: 2 }, maxAgeMs: 4000, epoch: Date.now(), startedAt: 0 });
  let flip = false;
  const setMembers = timeSync(() => {
    flip = !flip;
    mesh.setMembers(flip ? names.slice(0, -1) : names, [], 5);
  }, 25, 5);
  return [
    row(`discovery snapshot applied, ${MEMBERS} addresses`, 'ms', snapshot, '<= 10 ms (once per refresh)'),
    row('1000 heard events (no change)', 'ms', heard, '<= 1 ms (1000 datagrams per interval)'),
    row(`tick, ${MEMBERS} members`, 'ms', tick, '<= 1 ms (once per interval)'),
    row(`member list snapshot, ${MEMBERS} members`, 'ms', list, '<= 10 ms (per change)'),
    row(`mesh.setMembers, ${MEMBERS} members, one joins or leaves`, 'ms', setMembers, '<= 10 ms (per change)'),
  ];
}
