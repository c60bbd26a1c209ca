import { DataFrame, Field, FieldType } from '@grafana/data';
import { isLinkKind, LinkKind, LinkRows, packLinks, toNumber } from './linkRows';
import { MetricKind, metricKindOf } from './metrics';

/** The last value of one Prometheus series, whichever frame shape it arrived in. */
export interface Sample {
  kind: MetricKind;
  labels: Readonly<Record<string, string>>;
  /** NaN when Prometheus said NaN: unknown, never zero. */
  value: number;
  /** Time of the last value (ms since epoch), when the frame has a time field. */
  timeMs: number | null;
  /** When the last value began, if the frames show the change (range queries); null otherwise. */
  sinceMs: number | null;
}

/** Everything the frames say: per-node series as samples, per-link series as columns. */
export interface Series {
  samples: Sample[];
  links: LinkRows[];
}

/**
 * Reads both shapes Grafana's Prometheus datasource delivers:
 * "time series" (one frame per series, labels on the value field) and
 * "table" (one frame, a string column per label, one row per series and time).
 * Series that belong to no netsplit metric are ignored. `labelNames` limits the labels copied
 * out of table rows to those (plus `__name__`); series frames keep theirs. Link series end up
 * in `links`: an instant table's own columns, the rest packed into columns.
 */
export function readSamples(frames: readonly DataFrame[], labelNames: ReadonlySet<string>): Series {
  const samples: Sample[] = [];
  const links: LinkRows[] = [];
  for (const frame of frames) {
    if (isTableFrame(frame)) readTableFrame(frame, samples, links, labelNames);
    else readSeriesFrame(frame, samples);
  }
  const linkSamples = samples.filter((sample): sample is Sample & { kind: LinkKind } => isLinkKind(sample.kind));
  if (linkSamples.length === 0) return { samples, links };
  return { samples: samples.filter((sample) => !isLinkKind(sample.kind)), links: [...links, ...packLinks(linkSamples, labelNames)] };
}

function isTableFrame(frame: DataFrame): boolean {
  return frame.fields.some((field) => field.type === FieldType.string);
}

function readSeriesFrame(frame: DataFrame, out: Sample[]): void {
  const timeField = frame.fields.find((field) => field.type === FieldType.time);
  for (const field of frame.fields) {
    if (field.type !== FieldType.number) continue;
    const labels = field.labels ?? {};
    const kind = metricKindOf(labels.__name__) ?? metricKindOf(frame.refId) ?? metricKindOf(frame.name);
    if (kind === undefined) continue;
    const values = field.values;
    // Instant queries give one point per series: skip the run search (81 000 frames at 200 nodes).
    if (values.length === 1) {
      const value = toNumber(values[0]);
      if (value !== undefined) out.push({ kind, labels, value, timeMs: timeAt(timeField, 0), sinceMs: null });
      continue;
    }
    const sample = lastRunOfValues(kind, labels, values, timeField);
    if (sample) out.push(sample);
  }
}

/** The last value of a series frame and when it began, read backwards (gaps skipped). */
function lastRunOfValues(kind: MetricKind, labels: Readonly<Record<string, string>>, values: ArrayLike<unknown>, timeField: Field | undefined): Sample | undefined {
  let lastIndex = values.length - 1;
  while (lastIndex >= 0 && toNumber(values[lastIndex]) === undefined) lastIndex--;
  if (lastIndex < 0) return undefined;
  const last = toNumber(values[lastIndex])!;
  // `start`: the first point of the last run; `earlier`: whether a point precedes it.
  let start = lastIndex;
  let earlier = false;
  for (let index = lastIndex - 1; index >= 0; index--) {
    const value = toNumber(values[index]);
    if (value === undefined) continue;
    if (!Object.is(value, last)) {
      earlier = true;
      break;
    }
    start = index;
  }
  return { kind, labels, value: last, timeMs: timeAt(timeField, lastIndex), sinceMs: earlier ? timeAt(timeField, start) : null };
}

function readTableFrame(frame: DataFrame, out: Sample[], links: LinkRows[], labelNames: ReadonlySet<string>): void {
  const timeField = frame.fields.find((field) => field.type === FieldType.time);
  const labelFields = frame.fields.filter((field) => field.type === FieldType.string);
  // Copy only the labels the caller reads: tables of 40 000 rows make every object count.
  const copiedFields = labelFields.filter((field) => field.name === '__name__' || labelNames.has(field.name));
  const valueFields = frame.fields.filter((field) => field.type === FieldType.number);
  // An instant query's table has one row per series: nothing to group, no history to search.
  const instant = timeField === undefined || allSame(timeField.values);
  for (const valueField of valueFields) {
    // Grafana names a table's value column "Value" or, with several queries, "Value #<refId>".
    const refId = /#(.+)$/.exec(valueField.name)?.[1] ?? frame.refId;
    const linkKind = instant ? tableLinkKind(frame, refId) : undefined;
    if (linkKind !== undefined) {
      // The table's own columns: no object per series.
      links.push({
        kind: linkKind,
        columns: new Map(copiedFields.map((field) => [field.name, field.values])),
        values: valueField.values,
        // Every row has the same time (that is what makes the table instant).
        timeMs: timeField === undefined ? null : (timeAt(timeField, 0) ?? timeField.values),
        sinceMs: null,
        rows: null,
        length: frame.length,
      });
      continue;
    }
    const series = new SeriesTree();
    const instantTime = timeAt(timeField, 0);
    const values = valueField.values;
    // A range table lists each series' points on adjacent rows: a row with the same labels as
    // the last row read belongs to the same series, found without a lookup.
    let lastRow = -1;
    let lastEntry: SeriesEntry | null = null;
    for (let row = 0; row < frame.length; row++) {
      const value = toNumber(values[row]);
      if (value === undefined) continue;
      if (instant) {
        const labels = rowLabels(copiedFields, row);
        const kind = metricKindOf(labels.__name__) ?? metricKindOf(refId) ?? metricKindOf(frame.name);
        if (kind !== undefined) out.push({ kind, labels, value, timeMs: instantTime, sinceMs: null });
        continue;
      }
      const entry: SeriesEntry | null = lastRow >= 0 && sameLabels(labelFields, row, lastRow) ? lastEntry : resolveSeries(series, labelFields, copiedFields, row, refId, frame);
      lastRow = row;
      lastEntry = entry;
      entry?.rows.push(row);
    }
    // Only the current value and when it began are read (this panel draws no history): from
    // the end of each series' rows, no object per point.
    for (const entry of series.entries) {
      const sample = lastRunOfRows(entry, values, timeField);
      if (sample) out.push(sample);
    }
  }
}

/** The series of a row: found by its labels, or added (null when it is no netsplit metric). */
function resolveSeries(series: SeriesTree, labelFields: readonly Field[], copiedFields: readonly Field[], row: number, refId: string | undefined, frame: DataFrame): SeriesEntry | null {
  const found = series.find(labelFields, row);
  if (found) return found;
  const labels = rowLabels(copiedFields, row);
  const kind = metricKindOf(labels.__name__) ?? metricKindOf(refId) ?? metricKindOf(frame.name);
  if (kind === undefined) return null;
  const entry: SeriesEntry = { kind, labels, rows: [] };
  series.add(labelFields, row, entry);
  return entry;
}

function sameLabels(labelFields: readonly Field[], row: number, other: number): boolean {
  for (const field of labelFields) if (field.values[row] !== field.values[other]) return false;
  return true;
}

/** The link metric a whole instant table holds, when every row names the same one. */
function tableLinkKind(frame: DataFrame, refId: string | undefined): LinkKind | undefined {
  const names = frame.fields.find((field) => field.name === '__name__' && field.type === FieldType.string);
  let kind: MetricKind | undefined;
  if (names && frame.length > 0) {
    const first: unknown = names.values[0];
    for (let row = 1; row < frame.length; row++) if (names.values[row] !== first) return undefined;
    kind = metricKindOf(typeof first === 'string' && first !== '' ? first : undefined) ?? metricKindOf(refId) ?? metricKindOf(frame.name);
  } else {
    kind = metricKindOf(refId) ?? metricKindOf(frame.name);
  }
  return kind !== undefined && isLinkKind(kind) ? kind : undefined;
}

function rowLabels(labelFields: readonly Field[], row: number): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const labelField of labelFields) {
    const text: unknown = labelField.values[row];
    if (typeof text === 'string' && text !== '') labels[labelField.name] = text;
  }
  return labels;
}

interface SeriesEntry {
  kind: MetricKind;
  labels: Record<string, string>;
  /** Rows of the series' points (each with a value), in table order. */
  rows: number[];
}

/**
 * Rows of one series in a range table, found by walking one map per label column: joining
 * the label values into one string key per row costs ~100× more at 40 000 rows.
 */
class SeriesTree {
  readonly entries: SeriesEntry[] = [];
  private readonly root = new Map<unknown, unknown>();

  find(labelFields: readonly Field[], row: number): SeriesEntry | undefined {
    if (labelFields.length === 0) return this.root.get(undefined) as SeriesEntry | undefined;
    let node: unknown = this.root;
    for (const field of labelFields) {
      node = (node as Map<unknown, unknown>).get(field.values[row]);
      if (node === undefined) return undefined;
    }
    return node as SeriesEntry;
  }

  add(labelFields: readonly Field[], row: number, entry: SeriesEntry): void {
    let node = this.root;
    labelFields.forEach((field, index) => {
      const key: unknown = field.values[row];
      if (index === labelFields.length - 1) {
        node.set(key, entry);
        return;
      }
      let next = node.get(key) as Map<unknown, unknown> | undefined;
      if (!next) {
        next = new Map();
        node.set(key, next);
      }
      node = next;
    });
    if (labelFields.length === 0) this.root.set(undefined, entry);
    this.entries.push(entry);
  }
}

/** `lastRun` of a range table's series, read from its rows (in time order, as a stable sort would put them). */
function lastRunOfRows(entry: SeriesEntry, values: ArrayLike<unknown>, timeField: Field | undefined): Sample | undefined {
  const { kind, labels } = entry;
  let rows = entry.rows;
  const timeOf = (row: number) => timeAt(timeField, row) ?? 0;
  for (let at = 1; at < rows.length; at++) {
    if (timeOf(rows[at]!) < timeOf(rows[at - 1]!)) {
      rows = [...rows].sort((a, b) => timeOf(a) - timeOf(b));
      break;
    }
  }
  const lastAt = rows.length - 1;
  if (lastAt < 0) return undefined;
  const last = toNumber(values[rows[lastAt]!])!;
  let start = lastAt;
  while (start > 0 && Object.is(toNumber(values[rows[start - 1]!]), last)) start--;
  const sinceMs = start > 0 ? timeAt(timeField, rows[start]!) : null;
  return { kind, labels, value: last, timeMs: timeAt(timeField, rows[lastAt]!), sinceMs };
}

/** Whether every value equals the first: a loop, not `every` (whose callback boxes each time). */
function allSame(values: ArrayLike<unknown>): boolean {
  const first = values[0];
  for (let index = 1; index < values.length; index++) if (values[index] !== first) return false;
  return true;
}

function timeAt(timeField: Field | undefined, index: number): number | null {
  const time: unknown = timeField?.values[index];
  return typeof time === 'number' ? time : null;
}
