/** Panel options, as stored in the dashboard JSON. Defaults live in `defaultOptions`. */
export type SortOrder = 'partition' | 'name';
/** `symbols` draws ✓ ✗ ? ↛; `letters` draws U D ? 1 for screens whose fonts lack the symbols. */
export type GlyphMode = 'symbols' | 'letters';
/** `standard` uses the theme's green/red; `colourBlind` blue/orange; `none` leaves glyphs alone to speak. */
export type ColourMode = 'standard' | 'colourBlind' | 'none';

export interface LabelNames {
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
}

export const defaultLabelNames: LabelNames = {
  source: 'source',
  target: 'target',
  node: 'node',
  role: 'role',
  bridge: 'bridge',
};

export const defaultOptions: MatrixOptions = {
  labels: defaultLabelNames,
  sort: 'partition',
  glyphMode: 'symbols',
  colourMode: 'standard',
  maxNodes: 300,
  canvasFromNodes: 40,
  staleAfterSeconds: 120,
  showBanner: true,
};

/** Dashboards saved by older versions may lack keys: fill them from the defaults. */
export function withDefaults(options: Partial<MatrixOptions> | undefined): MatrixOptions {
  return {
    ...defaultOptions,
    ...options,
    labels: { ...defaultLabelNames, ...options?.labels },
  };
}
