/**
 * Turns Prometheus HTTP API answers into DataFrames in the two shapes Grafana's Prometheus
 * datasource hands a panel, so tests and the browser harness feed the panel what Grafana would:
 *
 * * "time series": one frame per series; a Time field and a number field named "Value" that
 *   carries the series' labels (`__name__` included);
 * * "table": one frame per query; Time, a string column per label name (sorted, `__name__`
 *   included), and the values in "Value #<refId>"; a range query gives one row per point.
 *
 * Written from the observable shapes, not from Grafana's (AGPL) datasource code.
 */
import { createDataFrame, DataFrame, FieldType } from '@grafana/data';
import type { PromResponse, PromValue } from '../../../test/browser/fixtures/prometheusApi';

export type FrameShape = 'timeseries' | 'table';

export function prometheusToFrames(response: PromResponse, refId: string, shape: FrameShape): DataFrame[] {
  if (response.status !== 'success') throw new Error(`Prometheus answered ${response.errorType}: ${response.error}`);
  const series =
    response.data.resultType === 'vector'
      ? response.data.result.map((entry) => ({ metric: entry.metric, values: [entry.value] }))
      : response.data.result.map((entry) => ({ metric: entry.metric, values: entry.values }));
  return shape === 'table' ? [tableFrame(series, refId)] : series.map((entry) => seriesFrame(entry.metric, entry.values, refId));
}

function seriesFrame(metric: Record<string, string>, values: readonly PromValue[], refId: string): DataFrame {
  return createDataFrame({
    refId,
    meta: { type: 'timeseries-multi' as never, typeVersion: [0, 1] },
    fields: [
      { name: 'Time', type: FieldType.time, values: values.map(([time]) => time * 1000), config: {} },
      { name: 'Value', type: FieldType.number, values: values.map(([, text]) => parseSampleValue(text)), labels: { ...metric }, config: {} },
    ],
  });
}

function tableFrame(series: ReadonlyArray<{ metric: Record<string, string>; values: readonly PromValue[] }>, refId: string): DataFrame {
  const labelNames = [...new Set(series.flatMap((entry) => Object.keys(entry.metric)))].sort();
  const times: number[] = [];
  const values: number[] = [];
  const columns = labelNames.map(() => [] as string[]);
  for (const entry of series) {
    for (const [time, text] of entry.values) {
      times.push(time * 1000);
      values.push(parseSampleValue(text));
      labelNames.forEach((name, index) => columns[index]!.push(entry.metric[name] ?? ''));
    }
  }
  return createDataFrame({
    refId,
    meta: { preferredVisualisationType: 'table' },
    fields: [
      { name: 'Time', type: FieldType.time, values: times, config: {} },
      ...labelNames.map((name, index) => ({ name, type: FieldType.string, values: columns[index]!, config: {} })),
      { name: `Value #${refId}`, type: FieldType.number, values, config: {} },
    ],
  });
}

/** Prometheus writes sample values as strings: "1", "0.0004", "NaN", "+Inf". */
export function parseSampleValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}
