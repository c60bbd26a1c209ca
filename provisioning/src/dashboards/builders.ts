/**
 * Panel builders: each takes what differs (title, queries, place) and fills in what Grafana
 * needs. Ids are assigned by the layout, in order, so they stay unique and stable.
 */
import type { Dashboard, DatasourceRef, GridPos, Panel, Query, TemplateVariable } from './model';

export const PANEL_PLUGIN_ID = 'netsplit-matrix-panel';

export type PanelSpec = Omit<Panel, 'id' | 'gridPos'> & { readonly w: number; readonly h: number };

/** Lays panels out left to right, wrapping at 24 columns, numbering them from 1. */
export function layout(specs: readonly PanelSpec[]): Panel[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return specs.map((spec, index) => {
    const { w, h, ...panel } = spec;
    if (panel.type === 'row' || x + w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const gridPos: GridPos = { x, y, w, h };
    x += w;
    rowHeight = Math.max(rowHeight, h);
    if (panel.type === 'row') {
      x = 24;
    }
    return { id: index + 1, gridPos, ...panel };
  });
}

export function query(ds: DatasourceRef, refId: string, expr: string, legendFormat?: string, options: Partial<Query> = {}): Query {
  return { refId, datasource: ds, expr, ...(legendFormat === undefined ? {} : { legendFormat }), ...options };
}

export function row(title: string): PanelSpec {
  return { type: 'row', title, w: 24, h: 1, collapsed: false, panels: [] };
}

/** Value mappings as Grafana stores them: exact values to text and colour. */
export function valueMappings(entries: ReadonlyArray<readonly [number, string, string]>): unknown[] {
  return [
    {
      type: 'value',
      options: Object.fromEntries(entries.map(([value, text, color], index) => [String(value), { text, color, index }])),
    },
  ];
}

export function thresholds(steps: ReadonlyArray<readonly [number | null, string]>): Record<string, unknown> {
  return { mode: 'absolute', steps: steps.map(([value, color]) => ({ value, color })) };
}

/**
 * Every panel, query and variable reads the Prometheus the viewer picks: a user's Grafana has its
 * own datasources with their own uids, so a fixed uid would leave every panel empty.
 */
export const DASHBOARD_DATASOURCE: DatasourceRef = { type: 'prometheus', uid: '${datasource}' };

export function datasourceVariable(): TemplateVariable {
  return { name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', regex: '', hide: 0, refresh: 1, current: {} };
}

/** A single-value variable over the values of a label (`label_values(selector, label)`), refreshed with the time range. */
export function labelValuesVariable(ds: DatasourceRef, name: string, label: string, labelValues: string): TemplateVariable {
  return {
    name,
    label,
    type: 'query',
    datasource: ds,
    query: { query: labelValues, refId: name },
    definition: labelValues,
    refresh: 2,
    includeAll: false,
    multi: false,
    sort: 1,
  };
}

export function clusterVariable(ds: DatasourceRef): TemplateVariable {
  return labelValuesVariable(ds, 'cluster', 'Cluster', 'label_values(netsplit_build_info, netsplit_cluster)');
}

export function dashboard(fields: Pick<Dashboard, 'uid' | 'title' | 'description' | 'tags' | 'templating' | 'panels' | 'links'>): Dashboard {
  return {
    ...fields,
    timezone: 'utc',
    refresh: '5s',
    time: { from: 'now-30m', to: 'now' },
    schemaVersion: 39,
    version: 1,
    editable: false,
    graphTooltip: 1,
    annotations: { list: [] },
  };
}
