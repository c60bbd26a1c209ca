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
  /** Time of each row's value (ms); null = the frame has no time field. */
  timeMs: ArrayLike<unknown> | null;
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

/** The fresh links of one kind as node ids (see `NodeIds`) and values, one entry per series. */
export interface LinkCells {
  length: number;
  source: Int32Array;
  target: Int32Array;
  value: Float64Array;
  /** NaN when the data does not show when the value began. */
  sinceMs: Float64Array;
  /** 1 when the series was exported by its target agent (or names no exporter). */
  fromTarget: Uint8Array;
}

/**
 * Node names to small integers, in the order first seen: the link loops hash each name once
 * per series and then work on integers (240 000 lookups at 200 nodes).
 */
export class NodeIds {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

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
 * `staleBeforeMs` are left out: unknown, as the rest of the panel's stale data.
 */
export function linkCells(blocks: readonly LinkRows[], kind: LinkKind, labels: LinkLabelNames, staleBeforeMs: number | null, ids: NodeIds): LinkCells {
  let capacity = 0;
  for (const block of blocks) if (block.kind === kind) capacity += block.length;
  const cells: LinkCells = {
    length: 0,
    source: new Int32Array(capacity),
    target: new Int32Array(capacity),
    value: new Float64Array(capacity),
    sinceMs: new Float64Array(capacity),
    fromTarget: new Uint8Array(capacity),
  };
  let at = 0;
  for (const block of blocks) {
    if (block.kind !== kind) continue;
    const sources = block.columns.get(labels.source);
    const targets = block.columns.get(labels.target);
    if (!sources || !targets) continue;
    const nodes = block.columns.get(labels.node);
    const { values, timeMs, sinceMs, rows } = block;
    // Rows come grouped by exporting agent: its id is looked up once per run of rows. Within
    // a run the sources usually come in the same order as in the run before: a source equal
    // to the one at the same position there reuses its id instead of a hash lookup.
    let lastTarget: unknown = undefined;
    let lastTargetId = -1;
    let position = 0;
    const runSources: unknown[] = [];
    const runSourceIds: number[] = [];
    for (let index = 0; index < block.length; index++) {
      const row = rows === null ? index : rows[index]!;
      const value = toNumber(values[row]);
      if (value === undefined) continue;
      const source = sources[row];
      const target = targets[row];
      if (typeof source !== 'string' || source === '' || typeof target !== 'string' || target === '') continue;
      if (staleBeforeMs !== null && timeMs !== null) {
        const time = timeMs[row];
        if (typeof time === 'number' && time < staleBeforeMs) continue;
      }
      if (target !== lastTarget) {
        lastTarget = target;
        lastTargetId = ids.idOf(target);
        position = 0;
      }
      let sourceId: number;
      if (position < runSources.length && runSources[position] === source) sourceId = runSourceIds[position]!;
      else {
        sourceId = ids.idOf(source);
        runSources[position] = source;
        runSourceIds[position] = sourceId;
      }
      position++;
      const node = nodes?.[row];
      cells.source[at] = sourceId;
      cells.target[at] = lastTargetId;
      cells.value[at] = value;
      cells.sinceMs[at] = sinceMs?.[row] ?? NaN;
      cells.fromTarget[at] = typeof node !== 'string' || node === '' || node === target ? 1 : 0;
      at++;
    }
  }
  cells.length = at;
  return cells;
}

/** Newest time any row of the blocks carries. */
export function newestLinkTime(blocks: readonly LinkRows[]): number | null {
  let newest: number | null = null;
  for (const { timeMs, rows, length } of blocks) {
    if (timeMs === null) continue;
    for (let at = 0; at < length; at++) {
      const time = timeMs[rows === null ? at : rows[at]!];
      if (typeof time === 'number' && (newest === null || time > newest)) newest = time;
    }
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
