/** Panel options, as stored in the dashboard JSON. Defaults live in `defaultOptions`. */
import { CLUSTER_LABEL, NODE_LABEL } from '../../exporter/src/contract/labels';

/** `zone` groups nodes by zone (a label of `netsplit_member_info`, or a pattern on node names). */
export type SortOrder = 'partition' | 'zone' | 'name';
/**
 * What the exporters export: `all` links, or `down` — only links that are down, asymmetric or
 * unknown (the exporters' low-cardinality mode); then a missing link between two reporting
 * agents is up.
 */
export type LinksExported = 'all' | 'down';
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
  /** On `netsplit_member_info`: the zone of a member, and the member (node) it describes. */
  zone: string;
  member: string;
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
  /**
   * Regex on node names whose first capture group (or whole match) is the node's zone, for
   * when no `netsplit_member_info` series says it; empty = zones only from that metric.
   */
  zonePattern: string;
  linksExported: LinksExported;
}

export const defaultLabelNames: LabelNames = {
  cluster: CLUSTER_LABEL,
  source: 'source',
  target: 'target',
  node: NODE_LABEL,
  role: 'role',
  bridge: 'bridge',
  zone: 'zone',
  member: 'member',
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
  zonePattern: '',
  linksExported: 'all',
};

/** Dashboards saved by older versions may lack keys: fill them from the defaults. */
export function withDefaults(options: Partial<MatrixOptions> | undefined): MatrixOptions {
  return {
    ...defaultOptions,
    ...options,
    labels: { ...defaultLabelNames, ...options?.labels },
  };
}
