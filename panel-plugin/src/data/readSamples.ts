import { DataFrame, Field, FieldType } from '@grafana/data';
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

/**
 * Reads both shapes Grafana's Prometheus datasource delivers:
 * "time series" (one frame per series, labels on the value field) and
 * "table" (one frame, a string column per label, one row per series and time).
 * Series that belong to no netsplit metric are ignored.
 */
export function readSamples(frames: readonly DataFrame[]): Sample[] {
  const samples: Sample[] = [];
  for (const frame of frames) {
    if (isTableFrame(frame)) readTableFrame(frame, samples);
    else readSeriesFrame(frame, samples);
  }
  return samples;
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
    const points: Point[] = [];
    for (let index = 0; index < field.values.length; index++) {
      const value = toNumber(field.values[index]);
      if (value === undefined) continue;
      points.push({ timeMs: timeAt(timeField, index), value });
    }
    const sample = lastRun(kind, labels, points);
    if (sample) out.push(sample);
  }
}

function readTableFrame(frame: DataFrame, out: Sample[]): void {
  const timeField = frame.fields.find((field) => field.type === FieldType.time);
  const labelFields = frame.fields.filter((field) => field.type === FieldType.string);
  const valueFields = frame.fields.filter((field) => field.type === FieldType.number);
  const series = new Map<string, { kind: MetricKind; labels: Record<string, string>; points: Point[] }>();
  for (const valueField of valueFields) {
    // Grafana names a table's value column "Value" or, with several queries, "Value #<refId>".
    const refId = /#(.+)$/.exec(valueField.name)?.[1] ?? frame.refId;
    for (let row = 0; row < frame.length; row++) {
      const value = toNumber(valueField.values[row]);
      if (value === undefined) continue;
      const labels: Record<string, string> = {};
      for (const labelField of labelFields) {
        const text = labelField.values[row];
        if (typeof text === 'string' && text !== '') labels[labelField.name] = text;
      }
      const kind = metricKindOf(labels.__name__) ?? metricKindOf(refId) ?? metricKindOf(frame.name);
      if (kind === undefined) continue;
      const key = kind + '\u0000' + labelKey(labels);
      let entry = series.get(key);
      if (!entry) {
        entry = { kind, labels, points: [] };
        series.set(key, entry);
      }
      entry.points.push({ timeMs: timeAt(timeField, row), value });
    }
  }
  for (const { kind, labels, points } of series.values()) {
    points.sort((a, b) => (a.timeMs ?? 0) - (b.timeMs ?? 0));
    const sample = lastRun(kind, labels, points);
    if (sample) out.push(sample);
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

/** undefined = no point at all (a gap); NaN = a point whose value is unknown. */
function toNumber(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  return undefined;
}

function labelKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}=${labels[name]}`)
    .join(',');
}
