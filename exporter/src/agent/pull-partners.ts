/**
 * Which peers a round of view pulls asks. Pure, so the choice can be tested apart from sockets.
 *
 * - Up to ROTATE_ALL_UP_TO candidates: the `fanout` whose rows this agent holds oldest, so every
 *   peer is pulled in turn (each link's RTT is measured, and a delta's cursor is never old).
 * - Above: the same `fanout` partners every round, picked by rendezvous hashing of (self, peer)
 *   — stable, and different for every agent, so partners form a random graph that relays every
 *   row in a few hops — so that their cursors stay recent and a pull costs only what changed. A
 *   partner whose pull failed is passed over for FAILED_ROUNDS rounds. Every `rotateEvery` rounds
 *   one more peer is pulled in turn (oldest row first), which keeps RTTs and rows of non-partners
 *   from going stale; that pull costs a full view, so it is rarer the larger the cluster.
 */
import type { NodeName } from '../analysis/types';
import { fnv1a } from '../mesh/row-store';

export const ROTATE_ALL_UP_TO = 16;

/**
 * `views.fanout` when the config leaves it out: 3 up to 100 members, 2 above. Each partner sends
 * every row's renewal once per refresh window, so above 100 members the renewals are most of what
 * an agent pulls (at 1000 members, 3 partners: ~55 KiB/s; 2: ~37 KiB/s). Two partners still
 * renew every row twice, and a failing one is replaced within a round.
 */
export function defaultFanout(members: number): number {
  return members > 100 ? 2 : 3;
}
export const FAILED_ROUNDS = 10;
/** Members per round between two extra pulls in turn: 1000 members → one every 40 rounds (20 s at 500 ms). */
const MEMBERS_PER_ROTATION = 25;

export interface PullChoice<P extends { name: NodeName }> {
  self: NodeName;
  /** Peers that may be pulled now (heard, not in flight). */
  candidates: readonly P[];
  fanout: number;
  /** The number of rounds done so far. */
  round: number;
  members: number;
  rowBornAt(name: NodeName): number | undefined;
  failedIn(name: NodeName): number | undefined;
  /** rendezvousRank(self, name), cached by the caller: it never changes for a pair. */
  rankOf?(name: NodeName): number;
}

/** FNV-1a of "self|peer": a stable, well-spread rank per pair. */
export function rendezvousRank(self: NodeName, peer: NodeName): number {
  let hash = fnv1a(`${self}|${peer}`);
  // A final avalanche: names that differ in their last character would otherwise rank close.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

const oldestFirst = <P extends { name: NodeName }>(choice: PullChoice<P>) => (a: P, b: P) => (choice.rowBornAt(a.name) ?? -Infinity) - (choice.rowBornAt(b.name) ?? -Infinity);

export function choosePullPeers<P extends { name: NodeName }>(choice: PullChoice<P>): P[] {
  const { candidates, fanout } = choice;
  if (candidates.length <= ROTATE_ALL_UP_TO) return [...candidates].sort(oldestFirst(choice)).slice(0, fanout);
  const failing = (p: P) => {
    const failed = choice.failedIn(p.name);
    return failed !== undefined && choice.round - failed < FAILED_ROUNDS;
  };
  const rankOf = choice.rankOf ?? ((name: NodeName) => rendezvousRank(choice.self, name));
  const partners = lowestRanked(candidates, (p) => (failing(p) ? undefined : rankOf(p.name)), fanout);
  const rotateEvery = Math.max(1, Math.ceil(choice.members / MEMBERS_PER_ROTATION));
  if (choice.round % rotateEvery !== 0) return partners;
  const chosen = new Set(partners);
  const next = candidates.filter((p) => !chosen.has(p)).sort(oldestFirst(choice))[0];
  return next === undefined ? partners : [...partners, next];
}

/**
 * The `count` items of lowest rank, lowest first, in one pass (items ranked undefined are left
 * out): a round picks 2 or 3 of up to 999 candidates, so nothing else is sorted.
 */
function lowestRanked<P>(items: readonly P[], rank: (item: P) => number | undefined, count: number): P[] {
  if (count <= 0) return [];
  const kept: { item: P; rank: number }[] = [];
  for (const item of items) {
    const r = rank(item);
    if (r === undefined) continue;
    if (kept.length === count) {
      // Ties keep the earlier item, as a stable sort would.
      if (r >= kept[count - 1]!.rank) continue;
      kept.pop();
    }
    let at = kept.length;
    kept.push({ item, rank: r });
    for (; at > 0 && kept[at - 1]!.rank > r; at--) kept[at] = kept[at - 1]!;
    kept[at] = { item, rank: r };
  }
  return kept.map(({ item }) => item);
}
