import { DataFrame, DisplayProcessor, FieldType } from '@grafana/data';
import { metricKindOf } from '../data/metrics';

/**
 * The display processor Grafana attached to the RTT field (`applyFieldOverrides` runs before a
 * panel renders): it carries the panel's field defaults *and* any override matching that field
 * (by name, by query, by regex), so an override on the RTT query changes unit, decimals,
 * mappings and thresholds in the tooltips. Undefined when no RTT field carries one.
 */
export function rttDisplayOf(frames: readonly DataFrame[]): DisplayProcessor | undefined {
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type !== FieldType.number || !field.display) continue;
      const byName = metricKindOf(field.labels?.__name__);
      const byTableColumn = metricKindOf(/#(.+)$/.exec(field.name)?.[1]);
      const kind = byName ?? byTableColumn ?? metricKindOf(frame.refId) ?? metricKindOf(frame.name);
      // A table frame's refId-less value column: the label columns tell the metric.
      const tableName = frame.fields.find((candidate) => candidate.name === '__name__')?.values[0] as string | undefined;
      if ((kind ?? metricKindOf(tableName)) === 'linkRtt') return field.display;
    }
  }
  return undefined;
}
