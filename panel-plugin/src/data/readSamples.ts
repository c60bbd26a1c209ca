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

interface Point {
  timeMs: number | null;
  value: number;
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
    const points: Point[] = [];
    for (let index = 0; index < values.length; index++) {
      const value = toNumber(values[index]);
      if (value === undefined) continue;
      points.push({ timeMs: timeAt(timeField, index), value });
    }
    const sample = lastRun(kind, labels, points);
    if (sample) out.push(sample);
  }
}

function readTableFrame(frame: DataFrame, out: Sample[], links: LinkRows[], labelNames: ReadonlySet<string>): void {
  const timeField = frame.fields.find((field) => field.type === FieldType.time);
  const labelFields = frame.fields.filter((field) => field.type === FieldType.string);
  // Copy only the labels the caller reads: tables of 40 000 rows make every object count.
  const copiedFields = labelFields.filter((field) => field.name === '__name__' || labelNames.has(field.name));
  const valueFields = frame.fields.filter((field) => field.type === FieldType.number);
  // An instant query's table has one row per series: nothing to group, no history to search.
  const instant = timeField === undefined || timeField.values.every((time) => time === timeField.values[0]);
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
        timeMs: timeField?.values ?? null,
        sinceMs: null,
        rows: null,
        length: frame.length,
      });
      continue;
    }
    const series = new SeriesTree();
    const instantTime = timeAt(timeField, 0);
    for (let row = 0; row < frame.length; row++) {
      const value = toNumber(valueField.values[row]);
      if (value === undefined) continue;
      if (instant) {
        const labels = rowLabels(copiedFields, row);
        const kind = metricKindOf(labels.__name__) ?? metricKindOf(refId) ?? metricKindOf(frame.name);
        if (kind !== undefined) out.push({ kind, labels, value, timeMs: instantTime, sinceMs: null });
        continue;
      }
      const point = { timeMs: timeAt(timeField, row), value };
      const entry = series.find(labelFields, row);
      if (entry) {
        entry.points.push(point);
        continue;
      }
      const labels = rowLabels(copiedFields, row);
      const kind = metricKindOf(labels.__name__) ?? metricKindOf(refId) ?? metricKindOf(frame.name);
      if (kind !== undefined) series.add(labelFields, row, { kind, labels, points: [point] });
    }
    for (const { kind, labels, points } of series.entries) {
      if (points.length > 1) points.sort((a, b) => (a.timeMs ?? 0) - (b.timeMs ?? 0));
      const sample = lastRun(kind, labels, points);
      if (sample) out.push(sample);
    }
  }
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
  points: Point[];
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

/** The last value and, when a change is visible, the time the current value began. */
function lastRun(kind: MetricKind, labels: Record<string, string>, points: readonly Point[]): Sample | undefined {
  const last = points[points.length - 1];
  if (!last) return undefined;
  let start = points.length - 1;
  while (start > 0 && Object.is(points[start - 1]!.value, last.value)) start--;
  const sinceMs = start > 0 ? points[start]!.timeMs : null;
  return { kind, labels, value: last.value, timeMs: last.timeMs, sinceMs };
}

function timeAt(timeField: Field | undefined, index: number): number | null {
  const time: unknown = timeField?.values[index];
  return typeof time === 'number' ? time : null;
}
