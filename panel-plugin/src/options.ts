/** Panel options, as stored in the dashboard JSON. Defaults live in `defaultOptions`. */
import { CLUSTER_LABEL, NODE_LABEL } from '../../exporter/src/contract/labels';

export type SortOrder = 'partition' | 'name';
/** `symbols` draws ✓ ✗ ? ↛; `letters` draws U D ? 1 for screens whose fonts lack the symbols. */
export type GlyphMode = 'symbols' | 'letters';
/** `standard` uses the theme's green/red; `colourBlind` blue/orange; `none` leaves glyphs alone to speak. */
export type ColourMode = 'standard' | 'colourBlind' | 'none';

/**
 * Label names the panel reads. The exporter names its own labels `netsplit_cluster` and
 * `netsplit_node` (plain `cluster`/`node` clash with the labels scrape configs attach);
 * relabelled series can point these elsewhere.
 */
export interface LabelNames {
  cluster: string;
  source: string;
  target: string;
  node: string;
  role: string;
  bridge: string;
}

export interface MatrixOptions {
  labels: LabelNames;
  sort: SortOrder;
  glyphMode: GlyphMode;
  colourMode: ColourMode;
  /** Above this many nodes the panel shows a message instead of an unreadable matrix. */
  maxNodes: number;
  /** From this many nodes on, cells are drawn on a canvas (DOM grids get slow past a few thousand cells). */
  canvasFromNodes: number;
  /** Samples older than this (relative to the newest sample) count as unknown: the agent went quiet. */
  staleAfterSeconds: number;
  showBanner: boolean;
  /**
   * Regex picking the part of a node name to draw (first capture group, or the whole match);
   * empty = the name with the prefix and suffix all names share stripped.
   */
  displayNamePattern: string;
}

export const defaultLabelNames: LabelNames = {
  cluster: CLUSTER_LABEL,
  source: 'source',
  target: 'target',
  node: NODE_LABEL,
  role: 'role',
  bridge: 'bridge',
};

export const defaultOptions: MatrixOptions = {
  labels: defaultLabelNames,
  sort: 'partition',
  glyphMode: 'symbols',
  // Blue/orange by default: red/green cells turn the same khaki for deuteranopia at wall distance.
  colourMode: 'colourBlind',
  maxNodes: 300,
  canvasFromNodes: 40,
  staleAfterSeconds: 120,
  showBanner: true,
  displayNamePattern: '',
};

/** Dashboards saved by older versions may lack keys: fill them from the defaults. */
export function withDefaults(options: Partial<MatrixOptions> | undefined): MatrixOptions {
  return {
    ...defaultOptions,
    ...options,
    labels: { ...defaultLabelNames, ...options?.labels },
  };
}
