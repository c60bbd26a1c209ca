/**
 * The browser harness: stands in for Grafana, which cannot run here. It loads the BUILT
 * dist/module.js through an AMD host, queries a Prometheus HTTP API (the test server answers
 * from recorded fixtures; a live Prometheus works the same), turns the answers into frames as
 * Grafana's Prometheus datasource shapes them, applies the field config as Grafana does, and
 * renders the plugin's panel with the real @grafana/ui theme and PanelProps.
 */
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import {
  applyFieldOverrides,
  createTheme,
  DataFrame,
  DataQueryError,
  EventBusSrv,
  FieldConfigSource,
  LoadingState,
  PanelPlugin,
  PanelProps,
  ScopedVars,
  ThemeContext,
  dateTime,
} from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaSchema from '@grafana/schema';
import * as grafanaUi from '@grafana/ui';
import { GlobalStyles } from '@grafana/ui';
import * as lodash from 'lodash';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { flushSync } from 'react-dom';
import { createRoot, Root } from 'react-dom/client';
import * as rxjs from 'rxjs';
import { FrameShape, prometheusToFrames } from '../test/support/prometheusToFrames';
import type { PromResponse } from '../../test/browser/fixtures/prometheusApi';
import { loadAmdModule } from './amdHost';
import { DashboardQuery, dashboardQueries } from './dashboardQueries';
import { registerStandardOptions } from './standardRegistries';

registerStandardOptions();

const hostModules: Record<string, unknown> = {
  react: React,
  'react-dom': ReactDOM,
  '@grafana/data': grafanaData,
  '@grafana/ui': grafanaUi,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/schema': grafanaSchema,
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  lodash,
  rxjs,
};

export interface MountRequest {
  /** Base URL of a Prometheus HTTP API: the test server's `/prom/<fixture>` or a live one. */
  prometheus: string;
  cluster: string;
  /** Evaluation time (unix seconds); range queries cover the five minutes before it. */
  time: number;
  theme: 'dark' | 'light';
  shape: FrameShape;
  width: number;
  height: number;
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSource;
}

export interface MountResult {
  frames: number;
  /** ms from handing props to React until the panel is rendered and laid out. */
  renderMs: number;
}

let plugin: PanelPlugin | null = null;
let root: Root | null = null;
let last: { props: PanelProps; theme: grafanaData.GrafanaTheme2 } | null = null;
let loaded: { key: string; frames: DataFrame[]; errors: DataQueryError[] } | null = null;

async function queryPrometheus(base: string, query: DashboardQuery, time: number): Promise<PromResponse> {
  const params = new URLSearchParams({ query: query.expr });
  if (query.kind === 'instant') params.set('time', String(time));
  else {
    params.set('start', String(time - 300));
    params.set('end', String(time));
    params.set('step', '15');
  }
  const response = await fetch(`${base}/api/v1/${query.kind === 'instant' ? 'query' : 'query_range'}?${params}`);
  return (await response.json()) as PromResponse;
}

/**
 * Frames of the queries that answered and, as Grafana does for a panel whose queries partly
 * failed, an error per failed query (refId and Prometheus's message) on `PanelData.errors`.
 */
async function framesFor(request: MountRequest): Promise<{ frames: DataFrame[]; errors: DataQueryError[] }> {
  const key = `${request.prometheus}|${request.cluster}|${request.time}|${request.shape}`;
  if (loaded?.key === key) return loaded;
  const queries = dashboardQueries(request.cluster);
  const answers = await Promise.all(queries.map((query) => queryPrometheus(request.prometheus, query, request.time)));
  const frames: DataFrame[] = [];
  const errors: DataQueryError[] = [];
  answers.forEach((answer, index) => {
    const refId = queries[index]!.refId;
    if (answer.status === 'success') frames.push(...prometheusToFrames(answer, refId, request.shape));
    else errors.push({ refId, message: `${answer.errorType}: ${answer.error}` });
  });
  loaded = { key, frames, errors };
  return loaded;
}

/** Template variables: `${name}` from scoped vars, as Grafana's template service does. */
function replaceVariables(value: string, scopedVars?: ScopedVars): string {
  return value.replace(/\$\{(\w+)\}/g, (whole, name: string) => (scopedVars?.[name] ? String(scopedVars[name]!.value) : whole));
}

async function mount(request: MountRequest): Promise<MountResult> {
  await prepare(request);
  return render();
}

/**
 * Everything a mount does before the panel renders (query, frames, field config, a fresh
 * React root): the benchmark prepares, then times `render` alone — in wall time and in the
 * renderer's main-thread CPU time.
 */
async function prepare(request: MountRequest): Promise<void> {
  if (!plugin) {
    const exports = await loadAmdModule('plugin/module.js', hostModules);
    plugin = exports.plugin as PanelPlugin;
  }
  const { frames: series, errors } = await framesFor(request);
  const theme = createTheme({ colors: { mode: request.theme } });
  const fieldConfig: FieldConfigSource = request.fieldConfig ?? { defaults: {}, overrides: [] };
  // Grafana fills the panel's option and field-config defaults before the first render.
  const options = { ...plugin.defaults, ...request.options };
  const fieldDefaults = { ...plugin.fieldConfigDefaults.defaults, ...fieldConfig.defaults };
  const appliedFieldConfig = { defaults: fieldDefaults, overrides: fieldConfig.overrides };
  const data = applyFieldOverrides({
    data: series,
    fieldConfig: appliedFieldConfig,
    fieldConfigRegistry: plugin.fieldConfigRegistry,
    replaceVariables,
    theme,
    timeZone: 'utc',
  });
  const to = dateTime(request.time * 1000);
  const from = dateTime((request.time - 300) * 1000);
  const timeRange = { from, to, raw: { from: 'now-5m', to: 'now' } };
  const props: PanelProps = {
    id: 1,
    data: { state: errors.length > 0 ? LoadingState.Error : LoadingState.Done, series: data, timeRange, errors },
    timeRange,
    timeZone: 'utc',
    options,
    fieldConfig: appliedFieldConfig,
    transparent: false,
    width: request.width,
    height: request.height,
    renderCounter: 0,
    title: 'netsplit',
    eventBus: new EventBusSrv(),
    onOptionsChange: () => undefined,
    onFieldConfigChange: () => undefined,
    replaceVariables,
    onChangeTimeRange: () => undefined,
  };
  const container = document.getElementById('panel')!;
  root?.unmount();
  root = createRoot(container);
  document.body.style.background = theme.colors.background.canvas;
  renderGlobalStyles(theme);
  last = { props, theme };
}

/** The first render of the prepared panel. */
function render(): MountResult {
  if (!last) throw new Error('prepare first');
  return { frames: last.props.data.series.length, renderMs: timedRender(last.props, last.theme) };
}

let globalRoot: Root | null = null;

/** Grafana mounts its global styles once for the app, not per panel render: so does the harness. */
function renderGlobalStyles(theme: grafanaData.GrafanaTheme2): void {
  globalRoot ??= createRoot(document.getElementById('global-styles')!);
  flushSync(() =>
    globalRoot!.render(
      <ThemeContext.Provider value={theme}>
        <GlobalStyles />
      </ThemeContext.Provider>,
    ),
  );
}

/** Renders synchronously and forces style and layout, so the time covers what the user waits for. */
function timedRender(props: PanelProps, theme: grafanaData.GrafanaTheme2): number {
  const Panel = plugin!.panel!;
  const start = performance.now();
  flushSync(() =>
    root!.render(
      <ThemeContext.Provider value={theme}>
        <div style={{ width: props.width, height: props.height, background: theme.colors.background.primary }}>
          <Panel {...props} />
        </div>
      </ThemeContext.Provider>,
    ),
  );
  void document.getElementById('panel')!.getBoundingClientRect().height;
  return performance.now() - start;
}

/** Same data, new size: what a dashboard resize costs (the view model is memoised, drawing is not). */
function resize(width: number, height: number): MountResult {
  if (!last || !root) throw new Error('mount first');
  last = { ...last, props: { ...last.props, width, height } };
  return { frames: last.props.data.series.length, renderMs: timedRender(last.props, last.theme) };
}

/** Focus on the matrix (the canvas draws its focus cursor): before timing `redraw`. */
function focusMatrix(): void {
  // The canvas, or the DOM grid's one focusable cell (roving tab stop).
  const matrix = document.querySelector<HTMLElement>('[data-testid="netsplit-canvas"], [role="grid"] [tabindex="0"]');
  if (!matrix) throw new Error('no matrix drawn');
  flushSync(() => matrix.focus());
}

/**
 * One redraw at the same size and data: the focus cursor moves one cell (arrow key on the
 * focused matrix), which draws the whole canvas again — what any interaction costs.
 */
function redraw(): MountResult {
  if (!last || !root) throw new Error('mount first');
  const matrix = document.activeElement;
  if (!(matrix instanceof HTMLElement) || !document.getElementById('panel')!.contains(matrix)) throw new Error('focusMatrix first');
  const start = performance.now();
  flushSync(() => matrix.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })));
  void document.getElementById('panel')!.getBoundingClientRect().height;
  return { frames: last.props.data.series.length, renderMs: performance.now() - start };
}

function unmount(): void {
  root?.unmount();
  root = null;
}

(window as unknown as { netsplitHarness: unknown }).netsplitHarness = { mount, prepare, render, resize, focusMatrix, redraw, unmount };
