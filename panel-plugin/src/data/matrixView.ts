/** The view model the components draw: everything decided, nothing left to compute while drawing. */
import type { CellValues } from './cellValues';

export type LinkState = 'up' | 'down' | 'unknown';
export type CellState = LinkState | 'self';
/** A role from the agent's state set; `warming` = agent up but no role claimed yet; `unknown` = no data. */
export type Role = 'healthy' | 'majority' | 'minority' | 'isolated' | 'warming' | 'unknown';

export const cellStateCodes: readonly CellState[] = ['self', 'up', 'down', 'unknown'];
export const SELF = 0;
export const UP = 1;
export const DOWN = 2;
export const UNKNOWN = 3;

export interface NodeView {
  /** The node label's value: the key within the cluster, used in tooltips and data links. */
  name: string;
  /** What the panel draws: common prefix and suffix stripped, or the display-name pattern's part. */
  label: string;
  role: Role;
  /** 0 full · 1 read-only · 2 cached responses · 3 emergency fallback; null when unknown. */
  level: number | null;
  /** Index into `MatrixView.groups`; `groups.length` for nodes without data (they form no group). */
  group: number;
  bridge: boolean;
  /** When the node's current level (or role) began, if the data shows it. */
  sinceMs: number | null;
  /** From `netsplit_member_info` or the zone pattern; null when neither says. */
  zone: string | null;
}

export interface BridgeView {
  name: string;
  /** The groups that only this node joins (its group minus itself, split into components). */
  sides: string[][];
}

export interface CellView {
  source: string;
  target: string;
  state: CellState;
  reverse: CellState;
  /** This direction is down while the reverse is up (or the exporters flag it asymmetric). */
  oneWay: boolean;
  rttSeconds: number | null;
  sinceMs: number | null;
  /** A collapsed zone's cell: how many links it stands for, and how many of them are down. */
  links?: { total: number; down: number };
}

export interface MatrixCounts {
  up: number;
  down: number;
  unknown: number;
  oneWay: number;
}

export interface MatrixView {
  /** The cluster label's value shared by every series; null when the series carry none. */
  cluster: string | null;
  /** In display order: rows and columns both follow it. */
  nodes: NodeView[];
  /** Node names per partition group, biggest first. Nodes without data are in no group. */
  groups: string[][];
  /** Nodes nobody has data about (no role series; in derived mode, no fresh inbound link). */
  noData: string[];
  /**
   * No role series at all (the role query failed or is missing): roles and levels were derived
   * from the matrix by the agents' own rule (two-way contacts against the quorum).
   */
  rolesDerived: boolean;
  /** The optional metrics that returned no series: named in the banner as partial data. */
  missing: string[];
  bridges: BridgeView[];
  /**
   * Row-major cell states (row = source, column = target) as codes SELF/UP/DOWN/UNKNOWN:
   * typed arrays keep 500×500 cheap to build and to draw.
   */
  states: Uint8Array;
  oneWay: Uint8Array;
  /** What tooltips tell about one link; null for a view of collapsed zones. Read with `cellAt`. */
  linkDetails: LinkDetails | null;
  counts: MatrixCounts;
  /** Worst known degradation level in the cluster. */
  level: number | null;
  partitionDetected: boolean;
  /** Some agent sees every node reach a majority without a majority clique: leader churn likely. */
  majoritiesRing: boolean;
  /** Some agent sees writers (leader, primary) on two sides of a cut. */
  splitBrain: boolean;
  /** Nodes the split-brain writers run on (`netsplit_split_brain_writer`'s `writer_node`). */
  writers: string[];
  /** Time of the newest sample, the "as of" of the whole view. */
  newestMs: number | null;
  /** The order drawn: the option's, or `zone` when zones are known and the nodes exceed *Max nodes*. */
  order: 'partition' | 'zone' | 'name';
  /** Zones in display order when ordered by zone ('' = nodes without a zone); empty otherwise. */
  zones: string[];
  /** `down`: links without a series between reporting agents were drawn up (see options). */
  linksExported: 'all' | 'down';
  /**
   * Per node in display order, found while the matrix is built (so that the affected-node list
   * needs no second n² pass): the node ends a one-way link; a link into it is unknown. Absent
   * on views made otherwise (collapsed zones): then they are read from the cells.
   */
  nodeLinks?: { oneWay: Uint8Array; unknownInbound: Uint8Array };
  /** Only on a view with collapsed zones: links per drawn cell, and how many are down. */
  aggregates?: { links: Int32Array; down: Int32Array };
}

/**
 * RTT and since per link, in NAME order (row = source, cell = source × n + target):
 * `nameIndex[displayIndex]` is the node's index in name order. Only links with series have
 * entries (a few thousand of a million cells in the down-only mode at 1000 nodes).
 */
export interface LinkDetails {
  nameIndex: Int32Array;
  /** Seconds; NaN when the exporter said NaN; no entry = no RTT series. */
  rttSeconds: CellValues;
  /** ms since epoch when the link's state began; no entry or 0 = the data does not show it. */
  sinceMs: CellValues;
}

export function cellAt(view: MatrixView, row: number, column: number): CellView {
  const count = view.nodes.length;
  const index = row * count + column;
  const details = view.linkDetails;
  const byName = details ? details.nameIndex[row]! * count + details.nameIndex[column]! : -1;
  const rtt = details && row !== column ? (details.rttSeconds.get(byName) ?? NaN) : NaN;
  const storedSince = details ? (details.sinceMs.get(byName) ?? 0) : 0;
  const since = storedSince !== 0 ? storedSince : NaN;
  return {
    source: view.nodes[row]!.name,
    target: view.nodes[column]!.name,
    state: cellStateCodes[view.states[index]!]!,
    reverse: cellStateCodes[view.states[column * count + row]!]!,
    oneWay: view.oneWay[index] === 1,
    rttSeconds: Number.isNaN(rtt) ? null : rtt,
    sinceMs: Number.isNaN(since) ? null : since,
    ...(view.aggregates ? { links: { total: view.aggregates.links[index]!, down: view.aggregates.down[index]! } } : {}),
  };
}
