/** The four panel kinds both dashboards use, with netsplit's defaults. */
import { query, thresholds, type PanelSpec } from './builders';
import type { DatasourceRef } from './model';

export function stat(ds: DatasourceRef, title: string, expr: string, mappings: unknown[], w = 6, h = 6): PanelSpec {
  return {
    type: 'stat',
    title,
    w,
    h,
    datasource: ds,
    targets: [query(ds, 'A', expr, undefined, { instant: true })],
    options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'background', graphMode: 'none', textMode: 'value' },
    fieldConfig: { defaults: { mappings, thresholds: thresholds([[null, 'green']]) }, overrides: [] },
  };
}

export function timeline(ds: DatasourceRef, title: string, expr: string, legend: string, mappings: unknown[], description?: string): PanelSpec {
  return {
    type: 'state-timeline',
    title,
    ...(description === undefined ? {} : { description }),
    w: 12,
    h: 8,
    datasource: ds,
    targets: [query(ds, 'A', expr, legend)],
    options: { showValue: 'auto', mergeValues: true, rowHeight: 0.9, alignValue: 'left', legend: { showLegend: false, displayMode: 'list', placement: 'bottom' } },
    fieldConfig: { defaults: { mappings, thresholds: thresholds([[null, 'green']]), color: { mode: 'thresholds' } }, overrides: [] },
  };
}

export function series(ds: DatasourceRef, title: string, expr: string, legend: string, unit: string): PanelSpec {
  return {
    type: 'timeseries',
    title,
    w: 12,
    h: 8,
    datasource: ds,
    targets: [query(ds, 'A', expr, legend)],
    options: { legend: { showLegend: true, displayMode: 'table', placement: 'right', calcs: ['lastNotNull'] }, tooltip: { mode: 'multi', sort: 'desc' } },
    fieldConfig: { defaults: { unit }, overrides: [] },
  };
}

export function table(ds: DatasourceRef, title: string, expr: string, w = 12): PanelSpec {
  return {
    type: 'table',
    title,
    w,
    h: 8,
    datasource: ds,
    targets: [query(ds, 'A', expr, undefined, { instant: true, range: false, format: 'table' })],
    options: { showHeader: true },
    fieldConfig: { defaults: {}, overrides: [] },
  };
}
