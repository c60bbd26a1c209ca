import { levelName } from './banner';
import { DOWN, MatrixView, NodeView, Role, SELF, UNKNOWN, UP } from './matrixView';

/** One drawn row: a node, or a collapsed zone standing for all its nodes. */
export interface ZoneRow {
  zone: string;
  /** Display indexes (in the full view) of the nodes this row stands for. */
  members: number[];
  collapsed: boolean;
}

export interface CollapsedView {
  /** What the renderers draw: collapsed zones are one node each, their cells aggregated. */
  view: MatrixView;
  rows: ZoneRow[];
  /** Row drawn for each node of the full view. */
  rowOf: Int32Array;
}

/**
 * The matrix with some zones collapsed into one row and column each. A collapsed cell stands
 * for every link between the two zones (or within the zone, on the diagonal) and shows the
 * worst of them — any down link makes it down, else any unknown makes it unknown — so a cut
 * never hides inside an aggregate; its tooltip counts the links. `expanded` = the zones drawn
 * node by node; null = all of them (nothing collapsed).
 */
export function collapseZones(full: MatrixView, expanded: ReadonlySet<string> | null): CollapsedView {
  const count = full.nodes.length;
  const rows: ZoneRow[] = [];
  const rowOf = new Int32Array(count);
  let index = 0;
  while (index < count) {
    const zone = full.nodes[index]!.zone ?? '';
    let end = index;
    while (end < count && (full.nodes[end]!.zone ?? '') === zone) end++;
    const members = Array.from({ length: end - index }, (_, offset) => index + offset);
    if (full.order === 'zone' && expanded !== null && !expanded.has(zone)) {
      members.forEach((member) => (rowOf[member] = rows.length));
      rows.push({ zone, members, collapsed: true });
    } else {
      for (const member of members) {
        rowOf[member] = rows.length;
        rows.push({ zone, members: [member], collapsed: false });
      }
    }
    index = end;
  }
  if (rows.length === count) return { view: full, rows, rowOf };

  const size = rows.length;
  // Worst state per drawn cell: down > unknown > up (self only for a single node's diagonal).
  const states = new Uint8Array(size * size);
  const oneWay = new Uint8Array(size * size);
  const links = new Int32Array(size * size);
  const down = new Int32Array(size * size);
  // Locals, not `full.…` in the loop: views come in several object shapes (1M iterations).
  const fullStates = full.states;
  const fullOneWay = full.oneWay;
  // Most views have no one-way link: then its n² flags (never written, so never paged in) are not read.
  const anyOneWay = full.counts.oneWay > 0;
  // Columns in runs of one drawn column (a collapsed zone's members are adjacent): a run of
  // cells of one row is read without a lookup per cell.
  const runStart: number[] = [];
  for (let column = 0; column < count; column++) if (column === 0 || rowOf[column] !== rowOf[column - 1]) runStart.push(column);
  runStart.push(count);
  // The worst state of a run needs only whether it holds an up or unknown cell and how many
  // down and self cells: found by the engine's search for each state, not a loop over its cells.
  const ups = new NextState(fullStates, UP);
  const downs = new NextState(fullStates, DOWN);
  const unknowns = new NextState(fullStates, UNKNOWN);
  const selves = new NextState(fullStates, SELF);
  for (let row = 0; row < count; row++) {
    const drawnRow = rowOf[row]! * size;
    const rowStart = row * count;
    for (let run = 0; run + 1 < runStart.length; run++) {
      const from = runStart[run]!;
      const to = runStart[run + 1]!;
      const cell = drawnRow + rowOf[from]!;
      const start = rowStart + from;
      const end = rowStart + to;
      let hasUp: boolean;
      let hasUnknown: boolean;
      let downCount = 0;
      let selfCount = 0;
      if (to - from < shortRun) {
        // An open zone's nodes are runs of one column: read directly.
        hasUp = hasUnknown = false;
        for (let index = start; index < end; index++) {
          const state = fullStates[index];
          if (state === UP) hasUp = true;
          else if (state === DOWN) downCount++;
          else if (state === UNKNOWN) hasUnknown = true;
          else selfCount++;
        }
      } else {
        hasUp = ups.first(start) < end;
        hasUnknown = unknowns.first(start) < end;
        downCount = downs.count(start, end);
        selfCount = selves.count(start, end);
      }
      if (downCount > 0 && anyOneWay && oneWay[cell] === 0) {
        for (let column = from; column < to; column++) {
          if (fullStates[rowStart + column] === DOWN && fullOneWay[rowStart + column] === 1) {
            oneWay[cell] = 1;
            break;
          }
        }
      }
      const worst = states[cell]!;
      if (downCount > 0) states[cell] = DOWN;
      else if (hasUnknown && worst !== DOWN) states[cell] = UNKNOWN;
      else if (hasUp && worst === SELF) states[cell] = UP;
      links[cell] = links[cell]! + (to - from - selfCount);
      down[cell] = down[cell]! + downCount;
    }
  }
  // A down aggregate is one-way only when every down link in it is.
  for (let cell = 0; cell < size * size; cell++) if (states[cell] !== DOWN) oneWay[cell] = 0;

  const nodes = rows.map((row): NodeView => (row.collapsed ? zoneNode(full, row) : full.nodes[row.members[0]!]!));
  const view: MatrixView = {
    ...full,
    nodes,
    states,
    oneWay,
    linkDetails: null,
    // Per-node flags of the full view do not describe the drawn rows.
    nodeLinks: undefined,
    aggregates: { links, down },
  };
  return { view, rows, rowOf };
}

/** Runs shorter than this are read cell by cell; longer ones through `NextState`. */
const shortRun = 16;

/**
 * Where the next cell of one state is, from the engine's search over the typed array
 * (memchr-fast even before the JIT has warmed up) and remembered: rows and runs are read in
 * order, so each stretch without the state is searched once.
 */
class NextState {
  private at = -1;

  constructor(
    private readonly states: Uint8Array,
    private readonly state: number,
  ) {}

  /** First index ≥ `from` holding the state; the array's length when none does. */
  first(from: number): number {
    if (this.at < from) {
      const found = this.states.indexOf(this.state, from);
      this.at = found < 0 ? this.states.length : found;
    }
    return this.at;
  }

  /** Cells of [start, end) holding the state: a few by search, many (a side of a cut) by a loop. */
  count(start: number, end: number): number {
    let at = this.first(start);
    let found = 0;
    while (at < end) {
      found++;
      if (found === 8) {
        for (let index = at + 1; index < end; index++) if (this.states[index] === this.state) found++;
        return found;
      }
      at = this.first(at + 1);
    }
    return found;
  }
}

/** A collapsed zone as one node: its most common role, worst level, bridge if any member is. */
function zoneNode(full: MatrixView, row: ZoneRow): NodeView {
  const members = row.members.map((index) => full.nodes[index]!);
  const counts = new Map<Role, number>();
  for (const member of members) counts.set(member.role, (counts.get(member.role) ?? 0) + 1);
  const role = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const levels = members.map((member) => member.level).filter((level): level is number => level !== null);
  const level = levels.length > 0 ? Math.max(...levels) : null;
  const zone = row.zone === '' ? 'no zone' : row.zone;
  return {
    name: zone,
    label: `${zone} (${members.length})`,
    role,
    level,
    group: Math.min(...members.map((member) => member.group)),
    bridge: members.some((member) => member.bridge),
    sinceMs: null,
    zone: row.zone,
  };
}

/** "eu-west-1a · 100 nodes · MINORITY · L1 read-only": a zone block's label. */
export function zoneText(zone: string, members: readonly NodeView[]): string {
  const counts = new Map<Role, number>();
  for (const member of members) counts.set(member.role, (counts.get(member.role) ?? 0) + 1);
  const role = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'unknown';
  const levels = members.map((member) => member.level).filter((level): level is number => level !== null);
  const level = levels.length > 0 ? Math.max(...levels) : null;
  const roleWord = role === 'unknown' ? 'NO DATA' : role === 'warming' ? 'STARTING' : role.toUpperCase();
  return `${zone === '' ? 'no zone' : zone} · ${members.length} ${members.length === 1 ? 'node' : 'nodes'} · ${roleWord}${level === null ? '' : ` · L${level} ${levelName(level)}`}`;
}

/** Blocks of the drawn matrix in zone order: one per zone, labelled with its size, role and level. */
export function zoneBlocks(full: MatrixView, collapsed: CollapsedView): ZoneBlock[] {
  const blocks: ZoneBlock[] = [];
  collapsed.rows.forEach((row, index) => {
    const previous = blocks[blocks.length - 1];
    if (previous && previous.zone === row.zone) {
      previous.size++;
      previous.members.push(...row.members);
      return;
    }
    blocks.push({ zone: row.zone, first: index, size: 1, members: [...row.members], collapsed: row.collapsed, role: 'unknown', level: null, text: '' });
  });
  for (const block of blocks) {
    const members = block.members.map((member) => full.nodes[member]!);
    const summary = zoneNode(full, { zone: block.zone, members: block.members, collapsed: true });
    block.role = summary.role;
    block.level = summary.level;
    block.text = zoneText(block.zone, members);
  }
  return blocks;
}

export interface ZoneBlock {
  zone: string;
  /** First drawn row of the block and how many rows it spans (1 when collapsed). */
  first: number;
  size: number;
  /** Indexes of its nodes in the full view. */
  members: number[];
  collapsed: boolean;
  role: Role;
  level: number | null;
  text: string;
}
