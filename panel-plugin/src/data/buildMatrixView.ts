import { DataFrame } from '@grafana/data';
import { MatrixOptions } from '../options';
import { ROLES } from '../../../exporter/src/contract/vocabulary';
import { splitByCluster } from './clusters';
import { deriveRole, levelOfRole } from './deriveRole';
import { CellValues } from './cellValues';
import { displayNames } from './displayNames';
import { forEachLink, LinkCells, linkCells, newestLinkTime, NodeIds } from './linkRows';
import { BridgeView, DOWN, MatrixView, NodeView, Role, SELF, UNKNOWN, UP } from './matrixView';
import { metricNames } from './metrics';
import { naturalCompare } from './naturalOrder';
import { partitionGroups } from './partitionGroups';
import { readSamples, Sample, Series } from './readSamples';
import { nodeZones } from './zones';

export type MatrixProblem =
  | { kind: 'noData' }
  | { kind: 'noLinks'; metric: string }
  | { kind: 'tooManyNodes'; nodes: number; maxNodes: number }
  /**
   * Series of several clusters: one matrix would merge nodes that share a name across clusters
   * (a split cluster beside a healthy one read "Healthy"). Each cluster is judged on its own.
   */
  | { kind: 'severalClusters'; clusters: ClusterSummary[] };

export type ClusterSummary = { name: string; view: MatrixView } | { name: string; problem: MatrixProblem };

export type MatrixResult = { kind: 'matrix'; view: MatrixView } | MatrixProblem;

const knownRoles: ReadonlySet<string> = new Set(ROLES);

/**
 * With zones the panel draws more than *Max nodes* (zones collapsed into one row each), up to
 * this many: the view model holds n² cells (26 MB at 1000 nodes).
 */
export const maxNodesWithZones = 1500;

/** Label the exporter puts on `netsplit_split_brain_writer`: the node a writer runs on. */
const writerNodeLabel = 'writer_node';

/** DataFrames (either Prometheus shape) → the matrix view model. Pure: same input, same output. */
export function buildMatrixView(frames: readonly DataFrame[], options: MatrixOptions): MatrixResult {
  if (frames.length === 0 || frames.every((frame) => frame.length === 0)) return { kind: 'noData' };
  const labels = options.labels;
  const all = readSamples(frames, new Set([...Object.values(labels), writerNodeLabel]));
  const clusters = splitByCluster(all, labels.cluster);
  if (clusters.length === 1) return buildClusterView(clusters[0]!.name, clusters[0]!, options);
  const summaries = clusters.map(({ name, samples, links }): ClusterSummary => {
    const result = buildClusterView(name, { samples, links }, options);
    return result.kind === 'matrix' ? { name: name ?? '', view: result.view } : { name: name ?? '', problem: result as MatrixProblem };
  });
  return { kind: 'severalClusters', clusters: summaries };
}

function buildClusterView(cluster: string | null, { samples: all, links: linkBlocks }: Series, options: MatrixOptions): MatrixResult {
  const labels = options.labels;
  const newestMs = maxOf(newestTime(all), newestLinkTime(linkBlocks));
  const staleBeforeMs = newestMs === null ? null : newestMs - options.staleAfterSeconds * 1000;
  const byKind = groupByKind(all, staleBeforeMs);
  const ids = new NodeIds();
  const up = linkCells(linkBlocks, 'linkUp', labels, staleBeforeMs, ids);
  const downOnly = options.linksExported === 'down';
  // Exporters that export only broken links send none at all while the cluster is healthy.
  if (up.length === 0 && !downOnly) return { kind: 'noLinks', metric: 'netsplit_link_up' };
  const linkNames = new Set(ids.names);

  const names = nodeNames(linkNames, byKind, options);
  if (names.length === 0) return { kind: 'noLinks', metric: 'netsplit_link_up' };
  const zones = nodeZones(names, byKind.get('memberInfo') ?? [], labels, options.zonePattern);
  const byZone = zones.size > 0 && (options.sort === 'zone' || names.length > options.maxNodes);
  if (names.length > (byZone ? Math.max(options.maxNodes, maxNodesWithZones) : options.maxNodes)) {
    return { kind: 'tooManyNodes', nodes: names.length, maxNodes: byZone ? Math.max(options.maxNodes, maxNodesWithZones) : options.maxNodes };
  }

  // Agents that report "not ready" have no trustworthy rows yet: their inbound links stay unknown.
  const notReady = new Set((byKind.get('ready') ?? []).filter((s) => s.value !== 1).map((s) => s.labels[labels.node] ?? ''));
  const roleSamples = byKind.get('nodeRole') ?? [];
  const levelSamples = byKind.get('degradationLevel') ?? [];
  const roles = nodeRoles(roleSamples, labels.node, labels.role, notReady);
  const levels = latestByLabel(levelSamples, labels.node);
  const bridgeNames = new Set(
    (byKind.get('bridgeNode') ?? []).filter((s) => s.value === 1).map((s) => s.labels[labels.bridge] ?? '').filter((name) => name !== ''),
  );

  // Matrix in name order first; reordered by partition group below.
  const count = names.length;
  const indexOf = new Map(names.map((name, index) => [name, index]));
  // Every cell starts unknown — or, when the exporters export only broken links, up where the
  // target agent is reporting (a missing series of a silent agent says nothing). Series then
  // overwrite the cells they name. One row pattern copied per row: no n² pass of its own.
  const rowPattern = new Uint8Array(count).fill(UNKNOWN);
  if (downOnly) {
    const reporting = reportingAgents(byKind, labels.node, notReady);
    names.forEach((name, index) => {
      if (reporting.has(name)) rowPattern[index] = UP;
    });
  }
  // Only links with series have a since: kept sparse (see CellValues).
  let knownSince = 0;
  const upSince = up.sinceMs;
  if (upSince) for (let at = 0; at < up.length; at++) if (upSince[at] !== 0) knownSince++;
  const since = new CellValues(knownSince, count * count);
  // Node ids (first seen) → index in name order; -1 for names outside the matrix.
  let idIndex = extendIds(new Int32Array(0), ids, indexOf);
  // RTT and asymmetry series may name nodes link_up does not: they get ids, and index -1.
  const indexOfId = (id: number) => (id < idIndex.length ? idIndex[id]! : (idIndex = extendIds(idIndex, ids, indexOf))[id]!);
  // link_up names only nodes of the matrix: its ids become indexes in name order, in place.
  for (let at = 0; at < up.length; at++) {
    up.source[at] = idIndex[up.source[at]!]!;
    up.target[at] = idIndex[up.target[at]!]!;
  }
  const notReadyIndex = new Uint8Array(count);
  for (const name of notReady) {
    const index = indexOf.get(name);
    if (index !== undefined) notReadyIndex[index] = 1;
  }
  // In name order first (partition groups and roles are found on it), then written again in
  // display order into the same array: one n² array, not a second one to copy into.
  const states = new Uint8Array(count * count);
  writeStates(states, rowPattern, up, notReadyIndex, null, knownSince > 0 ? since : null);

  // Asymmetry flags by cell, in name order like `states`.
  // RTT by cell (sparse when few links have series). Built on mount, not on the first tooltip:
  // indexing it lazily moved its cost into the first focus move or hover (measured: a 200-node
  // redraw went from 12 to 23 ms), which the redraw target forbids.
  const rtt = rttByCell(linkBlocks, labels, staleBeforeMs, names);
  const asymmetric = linkCells(linkBlocks, 'linkAsymmetric', labels, staleBeforeMs, ids, 1);
  // Flagged cells are few: a set of cell indexes, not an n² array.
  const flagged = new Set<number>();
  for (let at = 0; at < asymmetric.length; at++) {
    const source = indexOfId(asymmetric.source[at]!);
    const target = indexOfId(asymmetric.target[at]!);
    if (source >= 0 && target >= 0) flagged.add(source * count + target);
  }

  const nameOrder = (a: number, b: number) => naturalCompare(names[a]!, names[b]!);
  const twoWay = (i: number, j: number) => states[i * count + j] === UP && states[j * count + i] === UP;
  const rolesDerived = roleSamples.length === 0;
  if (rolesDerived) deriveRoles(names, states, twoWay, roles);
  const noData = (index: number) => (roles.get(names[index]!)?.role ?? 'unknown') === 'unknown';

  // A silent agent is not a side of the cut: groups made only of nodes without data are
  // set apart (drawn last, counted as "no data"), never counted as partition groups.
  const components = partitionGroups(count, twoWay, nameOrder);
  const groupsByIndex = components.filter((group) => !group.every(noData));
  const silent = components.filter((group) => group.every(noData)).flat().sort(nameOrder);
  const partitionOrder = [...groupsByIndex.flat(), ...silent];
  const order = byZone
    ? zoneOrder(partitionOrder, names, zones)
    : options.sort === 'partition'
      ? partitionOrder
      : Array.from({ length: count }, (_, index) => index);
  const groupOf = new Int32Array(count).fill(groupsByIndex.length);
  groupsByIndex.forEach((group, groupIndex) => group.forEach((index) => (groupOf[index] = groupIndex)));
  const shown = displayNames(names, options.displayNamePattern);
  // Bridges read the name-order cells: before they are rewritten in display order.
  const bridges = [...bridgeNames]
    .filter((name) => indexOf.has(name))
    .sort(naturalCompare)
    .map((name) => bridgeSides(name, indexOf.get(name)!, count, states, names, nameOrder));

  // Display position of each node (by index in name order); the cells written again there.
  const position = new Int32Array(count);
  let reordered = false;
  order.forEach((index, display) => {
    position[index] = display;
    if (index !== display) reordered = true;
  });
  if (reordered) {
    const displayPattern = new Uint8Array(count);
    for (let index = 0; index < count; index++) displayPattern[position[index]!] = rowPattern[index]!;
    writeStates(states, displayPattern, up, notReadyIndex, position, null);
  }
  const displayFlagged = new Set([...flagged].map((cell) => position[Math.floor(cell / count)]! * count + position[cell % count]!));
  const marked = markCells(states, count, displayFlagged);
  const view: MatrixView = {
    cluster,
    nodes: [],
    groups: groupsByIndex.map((group) => group.map((index) => names[index]!)),
    noData: silent.map((index) => names[index]!),
    rolesDerived,
    missing: (['nodeRole', 'degradationLevel'] as const).filter((kind) => !byKind.has(kind)).map((kind) => metricNames[kind]),
    bridges,
    states,
    oneWay: marked.oneWay,
    // Kept in name order: reordering them would copy 2 × n² numbers for the tooltips alone.
    linkDetails: { nameIndex: Int32Array.from(order), rttSeconds: rtt, sinceMs: since },
    counts: marked.counts,
    nodeLinks: marked.nodeLinks,
    level: null,
    partitionDetected: (byKind.get('partitionDetected') ?? []).some((s) => s.value === 1),
    majoritiesRing: (byKind.get('majoritiesRing') ?? []).some((s) => s.value === 1),
    splitBrain: (byKind.get('splitBrain') ?? []).some((s) => s.value === 1),
    writers: [...new Set((byKind.get('splitBrainWriter') ?? []).filter((s) => s.value === 1).map((s) => s.labels[writerNodeLabel] ?? '').filter((name) => name !== ''))].sort(naturalCompare),
    newestMs,
    order: byZone ? 'zone' : options.sort === 'zone' ? 'partition' : options.sort,
    zones: byZone ? [...new Set(order.map((index) => zones.get(names[index]!) ?? ''))] : [],
    linksExported: options.linksExported,
  };


  for (const index of order) {
    const name = names[index]!;
    const role = roles.get(name) ?? { role: 'unknown' as Role, sinceMs: null };
    const level = levels.get(name);
    const knownLevel =
      role.role === 'unknown' ? null : level !== undefined && Number.isFinite(level.value) ? level.value : levelSamples.length === 0 ? levelOfRole(role.role) : null;
    const node: NodeView = {
      name,
      label: shown[index]!,
      role: role.role,
      level: knownLevel,
      group: groupOf[index]!,
      bridge: bridgeNames.has(name),
      zone: zones.get(name) ?? null,
      sinceMs: (knownLevel !== null ? level?.sinceMs : null) ?? role.sinceMs,
    };
    view.nodes.push(node);
    if (knownLevel !== null) view.level = Math.max(view.level ?? 0, knownLevel);
  }

  return { kind: 'matrix', view };
}

/** Roles by the agents' rule from the matrix; a node whose inbound links are all unknown has no data. */
function deriveRoles(names: readonly string[], states: Uint8Array, twoWay: (i: number, j: number) => boolean, roles: Map<string, { role: Role; sinceMs: number | null }>): void {
  const count = names.length;
  for (let node = 0; node < count; node++) {
    let contacts = 1;
    let heard = false;
    for (let other = 0; other < count; other++) {
      if (other === node) continue;
      if (states[other * count + node] !== UNKNOWN) heard = true;
      if (twoWay(node, other)) contacts++;
    }
    roles.set(names[node]!, { role: heard ? deriveRole(contacts, count) : 'unknown', sinceMs: null });
  }
}

/**
 * Link states into `states` (row = source, column = target): every row starts as `pattern`
 * (unknown, or up where a reporting agent's absent series means up), the diagonal is SELF,
 * then the link_up series overwrite the cells they name. `up` holds indexes in name order;
 * `position` maps them to rows and columns (null: name order). `since`, when given, gets
 * each written cell's since in name order.
 */
function writeStates(states: Uint8Array, pattern: Uint8Array, up: LinkCells, notReadyIndex: Uint8Array, position: Int32Array | null, since: CellValues | null): void {
  const count = pattern.length;
  // One row pattern copied per row: no n² pass of its own.
  for (let row = 0; row < count; row++) {
    states.set(pattern, row * count);
    states[row * count + row] = SELF;
  }
  const { source: sources, target: targets, value: values, relayed, sinceMs } = up;
  // Only the target agent hears the source: its own series wins over any relayed copy. While
  // the series are read, a cell's high bits hold the rank of the series that set it (0 none,
  // 1 relayed, 2 own) — no second n² array for it; they are cleared once all are read.
  for (let at = 0; at < up.length; at++) {
    const source = sources[at]!;
    const target = targets[at]!;
    if (source === target || notReadyIndex[target] === 1) continue;
    const cell = position === null ? source * count + target : position[source]! * count + position[target]!;
    const rank = relayed === null ? 2 : 2 - relayed[at]!;
    if (states[cell]! >> 2 > rank) continue;
    const value = values[at]!;
    states[cell] = (rank << 2) | (value === 1 ? UP : value === 0 ? DOWN : UNKNOWN);
    if (since === null || sinceMs === null) continue;
    // 0 = not known, as no entry: written only over an earlier value of the cell.
    const nameCell = source * count + target;
    const sinceValue = sinceMs[at]!;
    if (sinceValue !== 0 || since.get(nameCell) !== undefined) since.set(nameCell, sinceValue);
  }
  for (let at = 0; at < up.length; at++) {
    const source = sources[at]!;
    const target = targets[at]!;
    const cell = position === null ? source * count + target : position[source]! * count + position[target]!;
    states[cell] = states[cell]! & 3;
  }
}

/**
 * One-way cells (down while the reverse is up, or flagged asymmetric), counted by state in
 * the same pass, with the per-node flags the affected-node list reads. A function of its
 * own: the engine optimises a small hot loop sooner than one inside a long function.
 */
function markCells(states: Uint8Array, count: number, flagged: ReadonlySet<number>): Pick<MatrixView, 'oneWay' | 'counts'> & { nodeLinks: NonNullable<MatrixView['nodeLinks']> } {
  // Written only where a link is one-way: the rest of it is never touched.
  const oneWay = new Uint8Array(count * count);
  // Cells by state code (SELF, UP, DOWN, UNKNOWN).
  const byState = new Int32Array(4);
  let oneWayCount = 0;
  const oneWayNodes = new Uint8Array(count);
  const unknownInbound = new Uint8Array(count);
  for (let row = 0; row < count; row++) {
    const rowStart = row * count;
    for (let column = 0; column < count; column++) {
      const state = states[rowStart + column]!;
      byState[state] = byState[state]! + 1;
      if (state === UNKNOWN) unknownInbound[column] = 1;
      else if (state === DOWN && (states[column * count + row] === UP || (flagged.size > 0 && flagged.has(rowStart + column)))) {
        oneWay[rowStart + column] = 1;
        oneWayNodes[row] = oneWayNodes[column] = 1;
        oneWayCount++;
      }
    }
  }
  return {
    oneWay,
    counts: { up: byState[UP]!, down: byState[DOWN]!, unknown: byState[UNKNOWN]!, oneWay: oneWayCount },
    nodeLinks: { oneWay: oneWayNodes, unknownInbound },
  };
}

/**
 * RTT by cell in name order (row = source); only links with a fresh RTT series have one.
 * Written straight into the cells: no array per series on the way.
 */
function rttByCell(linkBlocks: Series['links'], labels: MatrixOptions['labels'], staleBeforeMs: number | null, names: readonly string[]): CellValues {
  const count = names.length;
  let series = 0;
  for (const block of linkBlocks) if (block.kind === 'linkRtt') series += block.length;
  const rtt = new CellValues(series, count * count);
  // Ids of the matrix's nodes are their indexes in name order; other names get ids past them.
  forEachLink(linkBlocks, 'linkRtt', labels, staleBeforeMs, new NodeIds(names), undefined, (source, target, value) => {
    if (source < count && target < count) rtt.set(source * count + target, value);
  });
  return rtt;
}

/** Index in name order of every node id seen so far (-1: not in the matrix). */
function extendIds(known: Int32Array, ids: NodeIds, indexOf: ReadonlyMap<string, number>): Int32Array {
  const all = new Int32Array(ids.names.length);
  all.set(known);
  for (let id = known.length; id < all.length; id++) all[id] = indexOf.get(ids.names[id]!) ?? -1;
  return all;
}

function newestTime(samples: readonly Sample[]): number | null {
  let newest: number | null = null;
  for (const sample of samples) if (sample.timeMs !== null && (newest === null || sample.timeMs > newest)) newest = sample.timeMs;
  return newest;
}

/** Fresh samples by metric; samples older than `staleBeforeMs` are left out (unknown). */
function groupByKind(samples: readonly Sample[], staleBeforeMs: number | null): Map<Sample['kind'], Sample[]> {
  const byKind = new Map<Sample['kind'], Sample[]>();
  for (const sample of samples) {
    if (staleBeforeMs !== null && sample.timeMs !== null && sample.timeMs < staleBeforeMs) continue;
    const list = byKind.get(sample.kind);
    if (list) list.push(sample);
    else byKind.set(sample.kind, [sample]);
  }
  return byKind;
}

/** Agents whose absent link series mean "up": fresh and ready (or, without readiness series, with a fresh role). */
function reportingAgents(byKind: Map<Sample['kind'], Sample[]>, nodeLabel: string, notReady: ReadonlySet<string>): Set<string> {
  const ready = byKind.get('ready') ?? [];
  const source = ready.length > 0 ? ready.filter((sample) => sample.value === 1) : (byKind.get('nodeRole') ?? []);
  return new Set(source.map((sample) => sample.labels[nodeLabel] ?? '').filter((name) => name !== '' && !notReady.has(name)));
}

/** Zones in name order (nodes without a zone last), each zone's nodes in partition order. */
function zoneOrder(partitionOrder: readonly number[], names: readonly string[], zones: ReadonlyMap<string, string>): number[] {
  const zoneNames = [...new Set(zones.values())].sort(naturalCompare);
  const rank = new Map(zoneNames.map((zone, index) => [zone, index]));
  const zoneRank = (index: number) => rank.get(zones.get(names[index]!) ?? '') ?? zoneNames.length;
  // Array.prototype.sort is stable: partition order survives within a zone.
  return [...partitionOrder].sort((a, b) => zoneRank(a) - zoneRank(b));
}

function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/** Every node any series names: sources, targets, exporting agents, role holders. */
function nodeNames(linkNames: ReadonlySet<string>, byKind: Map<Sample['kind'], Sample[]>, options: MatrixOptions): string[] {
  const { node } = options.labels;
  const names = new Set(linkNames);
  for (const kind of ['nodeRole', 'degradationLevel'] as const) {
    for (const sample of byKind.get(kind) ?? []) {
      const name = sample.labels[node];
      if (name !== undefined) names.add(name);
    }
  }
  // Exporting only broken links, a healthy node appears in no link series: the agents that
  // report readiness name the rest.
  if (options.linksExported === 'down') {
    for (const sample of byKind.get('ready') ?? []) {
      const name = sample.labels[node];
      if (name !== undefined) names.add(name);
    }
  }
  return [...names].sort(naturalCompare);
}

function nodeRoles(samples: readonly Sample[], nodeLabel: string, roleLabel: string, notReady: ReadonlySet<string>): Map<string, { role: Role; sinceMs: number | null }> {
  const roles = new Map<string, { role: Role; sinceMs: number | null }>();
  for (const sample of samples) {
    const name = sample.labels[nodeLabel];
    const role = sample.labels[roleLabel];
    if (name === undefined || role === undefined || !knownRoles.has(role)) continue;
    if (sample.value === 1 && !notReady.has(name)) roles.set(name, { role: role as Role, sinceMs: sample.sinceMs });
    else if (!roles.has(name)) roles.set(name, { role: 'warming', sinceMs: null });
  }
  return roles;
}

function latestByLabel(samples: readonly Sample[], label: string): Map<string, Sample> {
  const byName = new Map<string, Sample>();
  for (const sample of samples) {
    const name = sample.labels[label];
    if (name !== undefined) byName.set(name, sample);
  }
  return byName;
}

function bridgeSides(name: string, bridge: number, count: number, states: Uint8Array, names: readonly string[], order: (a: number, b: number) => number): BridgeView {
  const others = Array.from({ length: count }, (_, index) => index).filter((index) => index !== bridge);
  const twoWay = (i: number, j: number) => states[others[i]! * count + others[j]!] === UP && states[others[j]! * count + others[i]!] === UP;
  const sides = partitionGroups(others.length, twoWay, (a, b) => order(others[a]!, others[b]!))
    .map((group) => group.map((index) => names[others[index]!]!))
    // Sides are told left to right in name order: "between n1 n2 and n4 n5".
    .sort((a, b) => naturalCompare(a[0]!, b[0]!));
  return { name, sides };
}
