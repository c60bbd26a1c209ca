/**
 * Just enough of Grafana's dashboard JSON model to build netsplit's dashboards from typed code.
 * Every panel and query names the provisioned datasource by uid.
 */
export interface DatasourceRef {
  readonly type: 'prometheus';
  readonly uid: string;
}

export interface Query {
  readonly refId: string;
  readonly datasource: DatasourceRef;
  readonly expr: string;
  readonly legendFormat?: string;
  readonly instant?: boolean;
  readonly range?: boolean;
  readonly format?: 'time_series' | 'table';
}

export interface GridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly description?: string;
  readonly gridPos: GridPos;
  readonly datasource?: DatasourceRef;
  readonly targets?: readonly Query[];
  readonly options?: Record<string, unknown>;
  readonly fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
  readonly links?: readonly { title: string; url: string }[];
  readonly collapsed?: boolean;
  readonly panels?: readonly Panel[];
}

export interface TemplateVariable {
  readonly name: string;
  readonly label: string;
  readonly type: 'query' | 'custom' | 'datasource';
  readonly datasource?: DatasourceRef;
  readonly query: string | { query: string; refId: string };
  readonly definition?: string;
  readonly refresh?: number;
  readonly includeAll?: boolean;
  readonly multi?: boolean;
  readonly current?: Record<string, unknown>;
  readonly sort?: number;
  readonly regex?: string;
  readonly hide?: number;
}

export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly timezone: 'utc' | 'browser';
  readonly refresh: string;
  readonly time: { from: string; to: string };
  readonly schemaVersion: number;
  readonly version: number;
  readonly editable: boolean;
  readonly graphTooltip: number;
  readonly templating: { list: readonly TemplateVariable[] };
  readonly annotations: { list: readonly unknown[] };
  readonly links: readonly unknown[];
  readonly panels: readonly Panel[];
}
