/**
 * Directed links between zones, counted by state: of the links from members of one zone to
 * members of another (or the same) zone, how many this node's view knows to be up, down, or does
 * not know. A cut between zones reads as one ratio per pair of zones instead of |A|·|B| links.
 * Pure: the view and each member's zone in, one count per (source zone, target zone) out.
 *
 * Which links count: every ordered pair of distinct counted members (maintenance and joining
 * members are left out, as in every finding). a→b is known only from b's fresh row (links.ts);
 * without one, or where the row does not say, the link is unknown. So up + down + unknown is
 * every link between the two zones, and the share up is taken over the known ones only: unknown
 * is never down. Members without a zone fall in the zone "". Nothing is counted when no member
 * has a zone.
 *
 * Cost: one pass over the held rows, a character at a time from the compact form (types.ts),
 * with the member → zone mapping resolved once per row order: ~1–2 ms at 1000 members.
 */
import { LINK_STATE_CHAR } from '../contract/vocabulary';
import { isFresh } from './freshness';
import { compareNames } from './membership';
import type { ClusterView, NodeName } from './types';

export interface ZoneLinkCount {
  sourceZone: string;
  targetZone: string;
  up: number;
  down: number;
  unknown: number;
  /** up / (up + down); undefined when no link between the zones is known. */
  upRatio: number | undefined;
}

const CHAR_U = LINK_STATE_CHAR.up.charCodeAt(0);
const CHAR_D = LINK_STATE_CHAR.down.charCodeAt(0);

/**
 * One entry per pair of zones with at least one link between them (a zone of one member has no
 * link to itself), sorted by source zone then target zone; empty when no member has a zone.
 */
export function zoneLinkCounts(view: ClusterView, zoneOf: (member: NodeName) => string | undefined): ZoneLinkCount[] {
  const members = countedMembers(view);
  const n = members.length;
  // Zones by index, in name order; zoneIndex[member] into it.
  const zoneOfMember = members.map((member) => zoneOf(member) ?? '');
  if (!zoneOfMember.some((zone) => zone !== '')) return [];
  const zones = [...new Set(zoneOfMember)].sort(compareNames);
  const z = zones.length;
  const zoneNumber = new Map(zones.map((zone, i) => [zone, i] as const));
  const memberIndex = new Map<NodeName, number>();
  const zoneIndex = new Int32Array(n);
  const zoneSize = new Int32Array(z);
  for (let i = 0; i < n; i++) {
    memberIndex.set(members[i]!, i);
    zoneIndex[i] = zoneNumber.get(zoneOfMember[i]!)!;
    zoneSize[zoneIndex[i]!]!++;
  }

  // up[s * z + t], down[s * z + t]: known links from zone s into zone t.
  const up = new Int32Array(z * z);
  const down = new Int32Array(z * z);
  const orders = new OrderZones(memberIndex, zoneIndex);
  const upInRow = new Int32Array(z);
  const downInRow = new Int32Array(z);
  for (let target = 0; target < n; target++) {
    const name = members[target]!;
    const row = view.rows.get(name);
    if (row === undefined || (name !== view.self && !isFresh(row, view.now, view.maxAgeMs))) continue;
    upInRow.fill(0);
    downInRow.fill(0);
    if (row.compact !== undefined) {
      const { states } = row.compact;
      const sources = orders.of(row.compact.order);
      const length = Math.min(states.length, sources.member.length);
      for (let i = 0; i < length; i++) {
        const source = sources.member[i]!;
        if (source < 0 || source === target) continue;
        const c = states.charCodeAt(i);
        if (c === CHAR_U) upInRow[sources.zone[i]!]!++;
        else if (c === CHAR_D) downInRow[sources.zone[i]!]!++;
      }
    } else {
      for (let source = 0; source < n; source++) {
        if (source === target) continue;
        const state = row.inbound[members[source]!];
        if (state === 'up') upInRow[zoneIndex[source]!]!++;
        else if (state === 'down') downInRow[zoneIndex[source]!]!++;
      }
    }
    const t = zoneIndex[target]!;
    for (let s = 0; s < z; s++) {
      up[s * z + t]! += upInRow[s]!;
      down[s * z + t]! += downInRow[s]!;
    }
  }

  const out: ZoneLinkCount[] = [];
  for (let s = 0; s < z; s++) {
    for (let t = 0; t < z; t++) {
      const links = s === t ? zoneSize[s]! * (zoneSize[s]! - 1) : zoneSize[s]! * zoneSize[t]!;
      if (links === 0) continue;
      const u = up[s * z + t]!;
      const d = down[s * z + t]!;
      out.push({ sourceZone: zones[s]!, targetZone: zones[t]!, up: u, down: d, unknown: links - u - d, upRatio: u + d === 0 ? undefined : u / (u + d) });
    }
  }
  return out;
}

/** The members every finding counts: all but the uncounted ones; this node always. */
function countedMembers(view: ClusterView): readonly NodeName[] {
  const uncounted = view.uncounted;
  if (uncounted === undefined || uncounted.length === 0) return view.members;
  const away = new Set(uncounted);
  return view.members.filter((name) => name === view.self || !away.has(name));
}

/**
 * Per position of a compact row's `order`: the counted member there (-1 for a name that is no
 * counted member, or is listed twice) and its zone. Rows relayed in one view share one order
 * array, so this is built about once per call.
 */
class OrderZones {
  private lastOrder: readonly NodeName[] | undefined;
  private last: { member: Int32Array; zone: Int32Array } = { member: new Int32Array(0), zone: new Int32Array(0) };

  constructor(
    private readonly memberIndex: ReadonlyMap<NodeName, number>,
    private readonly zoneIndex: Int32Array,
  ) {}

  of(order: readonly NodeName[]): { member: Int32Array; zone: Int32Array } {
    if (order === this.lastOrder) return this.last;
    this.lastOrder = order;
    const member = new Int32Array(order.length);
    const zone = new Int32Array(order.length);
    const taken = new Uint8Array(this.zoneIndex.length);
    for (let i = 0; i < order.length; i++) {
      const index = this.memberIndex.get(order[i]!) ?? -1;
      member[i] = index >= 0 && taken[index] === 0 ? index : -1;
      if (index >= 0) {
        taken[index] = 1;
        zone[i] = this.zoneIndex[index]!;
      }
    }
    this.last = { member, zone };
    return this.last;
  }
}
