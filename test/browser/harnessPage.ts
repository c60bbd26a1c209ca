/** Drives the harness page from Node: mount the built panel with a fixture and read back what it drew. */
import { Page } from 'playwright-core';
import { evaluatedAt } from './fixtures/make-fixtures';

export interface MountOptions {
  fixture: string;
  theme: 'dark' | 'light';
  shape?: 'timeseries' | 'table';
  width?: number;
  height?: number;
  options?: Record<string, unknown>;
  /** `$cluster`'s value: `lab` (the fixtures'), or `All`. */
  cluster?: string;
  /** Evaluation time, unix seconds ("now" of the dashboard); default the modelled fixtures'. */
  time?: number;
  /** The panel's field config (defaults and overrides), applied as Grafana applies it. */
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
}

export interface MountResult {
  frames: number;
  renderMs: number;
}

export async function openHarness(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.waitForFunction('typeof window.netsplitHarness === "object"');
}

export async function mountPanel(page: Page, mount: MountOptions): Promise<MountResult> {
  const request = {
    prometheus: `/prom/${mount.fixture}`,
    cluster: mount.cluster ?? 'lab',
    time: mount.time ?? evaluatedAt,
    theme: mount.theme,
    shape: mount.shape ?? 'timeseries',
    width: mount.width ?? 1200,
    height: mount.height ?? 900,
    options: mount.options ?? {},
    ...(mount.fieldConfig ? { fieldConfig: mount.fieldConfig } : {}),
  };
  // The page's own code runs the mount; only JSON crosses the boundary.
  return (await page.evaluate(`window.netsplitHarness.mount(${JSON.stringify(request)})`)) as MountResult;
}

export async function resizePanel(page: Page, width: number, height: number): Promise<MountResult> {
  return (await page.evaluate(`window.netsplitHarness.resize(${width}, ${height})`)) as MountResult;
}

/** Focus on the matrix, so that `redrawPanel` can move the focus cursor. */
export async function focusMatrix(page: Page): Promise<void> {
  await page.evaluate('window.netsplitHarness.focusMatrix()');
}

/** The focus cursor moves one cell: a full redraw of the matrix at the same size and data. */
export async function redrawPanel(page: Page): Promise<MountResult> {
  return (await page.evaluate('window.netsplitHarness.redraw()')) as MountResult;
}
