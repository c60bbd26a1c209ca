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
 * Cost: the held rows read a run at a time from the compact form (compact-runs.ts), each run
 * counted per zone from a running count per zone along the row's order (built once per order):
 * well under a millisecond at 1000 members in a handful of zones; position by position only for
 * Record rows, many zones (over 64) or rows of many short runs.
 */
import { LINK_STATE_CHAR } from '../contract/vocabulary';
import { RUN_UP, RunScanner, type RunVisitor } from './compact-runs';
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
  const orders = new OrderZones(memberIndex, zoneIndex, z);
  const runs = new RunScanner(n);
  const upInRow = new Int32Array(z);
  const downInRow = new Int32Array(z);
  // The order of the row being read; the visitor is made once per call, not once per row.
  let sources: OrderZoneMap = orders.empty;
  const countRun: RunVisitor = (start, end, code) => {
    const into = code === RUN_UP ? upInRow : downInRow;
    const prefix = sources.prefix;
    if (prefix !== undefined) {
      // Members per zone in [start, end), from the order's running counts: O(Z) per run.
      const from = start * z;
      const to = end * z;
      for (let zone = 0; zone < z; zone++) into[zone]! += prefix[to + zone]! - prefix[from + zone]!;
    } else {
      for (let i = start; i < end; i++) if (sources.member[i]! >= 0) into[sources.zone[i]!]!++;
    }
  };
  for (let target = 0; target < n; target++) {
    const name = members[target]!;
    const row = view.rows.get(name);
    if (row === undefined || (name !== view.self && !isFresh(row, view.now, view.maxAgeMs))) continue;
    upInRow.fill(0);
    downInRow.fill(0);
    if (row.compact !== undefined) {
      const { states } = row.compact;
      sources = orders.of(row.compact.order);
      runs.scan(states, Math.min(states.length, sources.member.length), countRun);
      // The target's own position is no link, whatever its row says there.
      const own = sources.position[target]!;
      if (own >= 0) {
        const c = states.charCodeAt(own);
        if (c === CHAR_U) upInRow[zoneIndex[target]!]!--;
        else if (c === CHAR_D) downInRow[zoneIndex[target]!]!--;
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

/** How a compact row's positions map to counted members and their zones. */
interface OrderZoneMap {
  /** Per position: the counted member there, -1 for a name that is no counted member or is listed again. */
  member: Int32Array;
  /** Per position: that member's zone. */
  zone: Int32Array;
  /** Per member: its position in the order, -1 when absent. */
  position: Int32Array;
  /**
   * prefix[i * Z + zone]: counted members of that zone at positions before i, so a run's members
   * per zone are two reads per zone. Only for few zones (the table is (length + 1) × Z).
   */
  prefix: Int32Array | undefined;
}

/** Zones up to which runs are counted through the prefix table (1.3 MB at 5000 members). */
const PREFIX_ZONES = 64;

/**
 * The map of each compact `order` seen during one call. Rows relayed in one view share one order
 * array, so this is built about once per call.
 */
class OrderZones {
  private lastOrder: readonly NodeName[] | undefined;
  private last: OrderZoneMap | undefined;
  readonly empty: OrderZoneMap = { member: new Int32Array(0), zone: new Int32Array(0), position: new Int32Array(0), prefix: undefined };

  constructor(
    private readonly memberIndex: ReadonlyMap<NodeName, number>,
    private readonly zoneIndex: Int32Array,
    private readonly zones: number,
  ) {}

  of(order: readonly NodeName[]): OrderZoneMap {
    if (order === this.lastOrder && this.last !== undefined) return this.last;
    this.lastOrder = order;
    const z = this.zones;
    const member = new Int32Array(order.length);
    const zone = new Int32Array(order.length);
    const position = new Int32Array(this.zoneIndex.length).fill(-1);
    const prefix = z <= PREFIX_ZONES ? new Int32Array((order.length + 1) * z) : undefined;
    for (let i = 0; i < order.length; i++) {
      const index = this.memberIndex.get(order[i]!) ?? -1;
      const first = index >= 0 && position[index] === -1;
      member[i] = first ? index : -1;
      if (first) {
        position[index] = i;
        zone[i] = this.zoneIndex[index]!;
      }
      if (prefix !== undefined) {
        prefix.copyWithin((i + 1) * z, i * z, (i + 1) * z);
        if (first) prefix[(i + 1) * z + zone[i]!]!++;
      }
    }
    this.last = { member, zone, position, prefix };
    return this.last;
  }
}
