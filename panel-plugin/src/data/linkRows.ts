import { MetricKind } from './metrics';

/** The per-link metrics: n² series each (40 000 at 200 nodes), so they are read as columns. */
export type LinkKind = 'linkUp' | 'linkRtt' | 'linkAsymmetric';

export function isLinkKind(kind: MetricKind): kind is LinkKind {
  return kind === 'linkUp' || kind === 'linkRtt' || kind === 'linkAsymmetric';
}

/**
 * Link series as columns instead of one object per series. An instant query in table shape
 * arrives as columns already (one string column per label): its columns are used as they
 * are, so 80 000 link series cost no object each — the garbage collector was most of a
 * 200-node first render. `rows` narrows a block to one cluster's share of it.
 */
export interface LinkRows {
  kind: LinkKind;
  /** Label values by label name, one per row; '' or undefined = the row lacks the label. */
  columns: ReadonlyMap<string, ArrayLike<unknown>>;
  /** Raw sample values: numbers, or Prometheus's strings ("NaN", "+Inf"). */
  values: ArrayLike<unknown>;
  /**
   * Time of each row's value (ms); one number when every row has the same time (an instant
   * query's table: no time read per row); null = the frame has no time field.
   */
  timeMs: ArrayLike<unknown> | number | null;
  /** When each row's value began, where a range query shows it. */
  sinceMs: ArrayLike<number | null> | null;
  /** Row indexes of this block (one cluster's rows); null = every row. */
  rows: ArrayLike<number> | null;
  length: number;
}

export interface LinkLabelNames {
  source: string;
  target: string;
  node: string;
}

/**
 * The fresh links of one kind as node ids (see `NodeIds`) and values, one entry per series.
 * Kept small: on a first render every fresh page of memory costs (a 200-node table has 40 000
 * rows per kind), so entries that are almost always "nothing" are only written when they
 * are something — untouched pages of a zeroed array cost nothing.
 */
export interface LinkCells {
  length: number;
  source: Int32Array;
  target: Int32Array;
  /** Float64 for RTT; 32 bits hold link_up's and link_asymmetric's 0 / 1 / NaN exactly. */
  value: Float64Array | Float32Array;
  /** When the value began (ms); 0 when the data does not show it; null when no row shows it. */
  sinceMs: Float64Array | null;
  /** 1 when the series was relayed: exported by another agent than its target; null when none was. */
  relayed: Uint8Array | null;
}

/**
 * Node names to small integers, in the order first seen: the link loops hash each name once
 * per series and then work on integers (240 000 lookups at 200 nodes).
 */
export class NodeIds {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  /** `known` get the ids 0, 1, … in their order. */
  constructor(known: readonly string[] = []) {
    for (const name of known) this.idOf(name);
  }

  idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }
}

/**
 * Every fresh link of `kind` that names a source and a target. Rows older than
 * `staleBeforeMs` are left out: unknown, as the rest of the panel's stale data. With `only`,
 * just the links whose value is `only` (the flagged asymmetric links among 40 000 series).
 */
export function linkCells(blocks: readonly LinkRows[], kind: LinkKind, labels: LinkLabelNames, staleBeforeMs: number | null, ids: NodeIds, only?: number): LinkCells {
  let capacity = 0;
  for (const block of blocks) if (block.kind === kind) capacity += block.length;
  const cells: LinkCells = {
    length: 0,
    source: new Int32Array(capacity),
    target: new Int32Array(capacity),
    value: kind === 'linkRtt' ? new Float64Array(capacity) : new Float32Array(capacity),
    sinceMs: null,
    relayed: null,
  };
  forEachLink(blocks, kind, labels, staleBeforeMs, ids, only, (source, target, value, sinceMs, relayed) => {
    const at = cells.length++;
    cells.source[at] = source;
    cells.target[at] = target;
    cells.value[at] = value;
    if (sinceMs) (cells.sinceMs ??= new Float64Array(capacity))[at] = sinceMs;
    if (relayed) (cells.relayed ??= new Uint8Array(capacity))[at] = 1;
  });
  return cells;
}

/**
 * Calls `visit` for every fresh link of `kind` (see `linkCells`) with its node ids, value,
 * since (0 when not shown) and whether it was relayed (exported by another agent than its target).
 */
export function forEachLink(
  blocks: readonly LinkRows[],
  kind: LinkKind,
  labels: LinkLabelNames,
  staleBeforeMs: number | null,
  ids: NodeIds,
  only: number | undefined,
  visit: (source: number, target: number, value: number, sinceMs: number, relayed: boolean) => void,
): void {
  const lookup = new IdLookup(ids);
  for (const block of blocks) {
    if (block.kind !== kind) continue;
    const sources = block.columns.get(labels.source);
    const targets = block.columns.get(labels.target);
    if (!sources || !targets) continue;
    const nodes = block.columns.get(labels.node);
    const { values, sinceMs, rows } = block;
    // One time for the whole block: stale or not at once, no time read per row.
    if (typeof block.timeMs === 'number' && staleBeforeMs !== null && block.timeMs < staleBeforeMs) continue;
    const timeMs = typeof block.timeMs === 'number' ? null : block.timeMs;
    lookup.reset();
    for (let index = 0; index < block.length; index++) {
      const row = rows === null ? index : rows[index]!;
      const value = toNumber(values[row]);
      if (value === undefined || (only !== undefined && value !== only)) continue;
      const source = sources[row];
      const target = targets[row];
      if (typeof source !== 'string' || source === '' || typeof target !== 'string' || target === '') continue;
      if (staleBeforeMs !== null && timeMs !== null) {
        const time = timeMs[row];
        if (typeof time === 'number' && time < staleBeforeMs) continue;
      }
      lookup.resolve(source, target);
      const node = nodes?.[row];
      visit(lookup.sourceId, lookup.targetId, value, sinceMs?.[row] || 0, typeof node === 'string' && node !== '' && node !== target);
    }
  }
}

/**
 * Ids of a (source, target) pair, hashing few names. Rows come grouped by the exporting agent:
 * link_up by target, RTT by source — one side stays the same along a run of rows, and the
 * other usually comes in the same order as in the run before: a name equal to the one at the
 * same position of the previous run reuses its id instead of a hash lookup.
 */
class IdLookup {
  sourceId = -1;
  targetId = -1;
  private lastSource: unknown = undefined;
  private lastTarget: unknown = undefined;
  /** Position along the current run of one target (sources vary) and of one source (targets vary). */
  private sourceAt = 0;
  private targetAt = 0;
  private readonly runSources: unknown[] = [];
  private readonly runSourceIds: number[] = [];
  private readonly runTargets: unknown[] = [];
  private readonly runTargetIds: number[] = [];

  constructor(private readonly ids: NodeIds) {}

  /** A new block: no run continues into it. */
  reset(): void {
    this.lastSource = this.lastTarget = undefined;
  }

  /** Sets `sourceId` and `targetId`. */
  resolve(source: string, target: string): void {
    const sameSource = source === this.lastSource;
    const sameTarget = target === this.lastTarget;
    if (!sameSource && !sameTarget) {
      // A new run, of one target or of one source: both sides start over.
      this.sourceAt = this.targetAt = 0;
      this.sourceId = this.positional(this.runSources, this.runSourceIds, 0, source);
      this.targetId = this.positional(this.runTargets, this.runTargetIds, 0, target);
    } else if (!sameSource) {
      this.sourceId = this.positional(this.runSources, this.runSourceIds, ++this.sourceAt, source);
    } else if (!sameTarget) {
      this.targetId = this.positional(this.runTargets, this.runTargetIds, ++this.targetAt, target);
    }
    this.lastSource = source;
    this.lastTarget = target;
  }

  private positional(names: unknown[], known: number[], at: number, name: string): number {
    if (at < names.length && names[at] === name) return known[at]!;
    const id = this.ids.idOf(name);
    names[at] = name;
    known[at] = id;
    return id;
  }
}

/** Newest time any row of the blocks carries. */
export function newestLinkTime(blocks: readonly LinkRows[]): number | null {
  let newest: number | null = null;
  for (const { timeMs, rows, length } of blocks) {
    if (timeMs === null || length === 0) continue;
    const newestOfBlock = typeof timeMs === 'number' ? timeMs : rows === null ? newestOf(timeMs, length) : newestOfRows(timeMs, rows, length);
    if (newestOfBlock > -Infinity && (newest === null || newestOfBlock > newest)) newest = newestOfBlock;
  }
  return newest;
}

/** Newest number among the first `length` times; -Infinity when none is a number. */
function newestOf(times: ArrayLike<unknown>, length: number): number {
  let newest = -Infinity;
  for (let at = 0; at < length; at++) {
    const time = times[at];
    if (typeof time === 'number' && time > newest) newest = time;
  }
  return newest;
}

function newestOfRows(times: ArrayLike<unknown>, rows: ArrayLike<number>, length: number): number {
  let newest = -Infinity;
  for (let at = 0; at < length; at++) {
    const time = times[rows[at]!];
    if (typeof time === 'number' && time > newest) newest = time;
  }
  return newest;
}

/** Packs link series read one by one (time-series frames, range tables) into one block per kind. */
export function packLinks(series: ReadonlyArray<{ kind: LinkKind; labels: Readonly<Record<string, string>>; value: number; timeMs: number | null; sinceMs: number | null }>, labelNames: ReadonlySet<string>): LinkRows[] {
  const byKind = new Map<LinkKind, { columns: Map<string, Array<string | undefined>>; values: number[]; timeMs: Array<number | null>; sinceMs: Array<number | null> }>();
  for (const entry of series) {
    let block = byKind.get(entry.kind);
    if (!block) {
      block = { columns: new Map([...labelNames].map((name) => [name, []])), values: [], timeMs: [], sinceMs: [] };
      byKind.set(entry.kind, block);
    }
    for (const [name, column] of block.columns) column.push(entry.labels[name]);
    block.values.push(entry.value);
    block.timeMs.push(entry.timeMs);
    block.sinceMs.push(entry.sinceMs);
  }
  return [...byKind].map(([kind, block]) => ({ kind, columns: block.columns, values: block.values, timeMs: block.timeMs, sinceMs: block.sinceMs, rows: null, length: block.values.length }));
}

/** undefined = no point at all (a gap); NaN = a point whose value is unknown. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return Number(value);
  return undefined;
}
