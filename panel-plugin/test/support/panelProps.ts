import { DataFrame, dateTime, EventBusSrv, FieldConfigSource, LoadingState, PanelProps, ScopedVars } from '@grafana/data';
import { at } from './promBuilders';
import { defaultOptions, MatrixOptions } from '../../src/options';

/** Replaces `${name}` from scoped variables, as Grafana's template service does for panels. */
export function replaceScopedVariables(value: string, scopedVars?: ScopedVars): string {
  return value.replace(/\$\{(\w+)\}/g, (whole, name: string) => {
    const variable = scopedVars?.[name];
    return variable ? String(variable.value) : whole;
  });
}

/** Props as Grafana passes them to a panel, with the frames and options under test. */
export function panelProps(series: DataFrame[], options: Partial<MatrixOptions> = {}, extra: Partial<PanelProps<MatrixOptions>> = {}): PanelProps<MatrixOptions> {
  // The recordings' evaluation time is "now": durations ("for 4 min") and staleness are fixed.
  const to = dateTime(at * 1000);
  const from = dateTime((at - 300) * 1000);
  const timeRange = { from, to, raw: { from: 'now-5m', to: 'now' } };
  const fieldConfig: FieldConfigSource = { defaults: { unit: 's' }, overrides: [] };
  return {
    id: 1,
    data: { state: LoadingState.Done, series, timeRange },
    timeRange,
    timeZone: 'utc',
    options: { ...defaultOptions, ...options },
    fieldConfig,
    transparent: false,
    width: 800,
    height: 600,
    renderCounter: 0,
    title: 'netsplit',
    eventBus: new EventBusSrv(),
    onOptionsChange: () => undefined,
    onFieldConfigChange: () => undefined,
    replaceVariables: replaceScopedVariables,
    onChangeTimeRange: () => undefined,
    ...extra,
  };
}
