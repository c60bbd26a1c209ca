import { DataFrame } from '@grafana/data';
import { MatrixOptions } from '../options';
import { BridgeView, DOWN, MatrixView, NodeView, Role, SELF, UNKNOWN, UP } from './matrixView';
import { naturalCompare } from './naturalOrder';
import { partitionGroups } from './partitionGroups';
import { readSamples, Sample } from './readSamples';

export type MatrixProblem =
  | { kind: 'noData' }
  | { kind: 'noLinks'; metric: string }
  | { kind: 'tooManyNodes'; nodes: number; maxNodes: number };

export type MatrixResult = { kind: 'matrix'; view: MatrixView } | MatrixProblem;

const knownRoles: ReadonlySet<string> = new Set(['healthy', 'majority', 'minority', 'isolated']);

/** DataFrames (either Prometheus shape) → the matrix view model. Pure: same input, same output. */
export function buildMatrixView(frames: readonly DataFrame[], options: MatrixOptions): MatrixResult {
  if (frames.length === 0 || frames.every((frame) => frame.length === 0)) return { kind: 'noData' };
  const labels = options.labels;
  const all = readSamples(frames, new Set(Object.values(labels)));
  const newestMs = newestTime(all);
  const staleBeforeMs = newestMs === null ? null : newestMs - options.staleAfterSeconds * 1000;
  const byKind = groupByKind(all, staleBeforeMs);

  const links = (byKind.get('linkUp') ?? []).filter((s) => s.labels[labels.source] !== undefined && s.labels[labels.target] !== undefined);
  if (links.length === 0) return { kind: 'noLinks', metric: 'netsplit_link_up' };

  const names = nodeNames(links, byKind, options);
  if (names.length > options.maxNodes) return { kind: 'tooManyNodes', nodes: names.length, maxNodes: options.maxNodes };

  // Agents that report "not ready" have no trustworthy rows yet: their inbound links stay unknown.
  const notReady = new Set((byKind.get('ready') ?? []).filter((s) => s.value !== 1).map((s) => s.labels[labels.node] ?? ''));
  const roles = nodeRoles(byKind.get('nodeRole') ?? [], labels.node, labels.role, notReady);
  const levels = latestByLabel(byKind.get('degradationLevel') ?? [], labels.node);
  const bridgeNames = new Set(
    (byKind.get('bridgeNode') ?? []).filter((s) => s.value === 1).map((s) => s.labels[labels.bridge] ?? '').filter((name) => name !== ''),
  );

  // Matrix in name order first; reordered by partition group below.
  const count = names.length;
  const indexOf = new Map(names.map((name, index) => [name, index]));
  const states = new Uint8Array(count * count).fill(UNKNOWN);
  const since = new Float64Array(count * count).fill(NaN);
  const authoritative = new Uint8Array(count * count);
  for (let index = 0; index < count; index++) states[index * count + index] = SELF;
  for (const sample of links) {
    const source = indexOf.get(sample.labels[labels.source]!)!;
    const targetName = sample.labels[labels.target]!;
    const target = indexOf.get(targetName)!;
    if (source === target || notReady.has(targetName)) continue;
    const cell = source * count + target;
    // Only the target agent hears the source: its own series wins over any relayed copy.
    const fromTarget = sample.labels[labels.node] === undefined || sample.labels[labels.node] === targetName ? 1 : 0;
    if (authoritative[cell]! > fromTarget) continue;
    authoritative[cell] = fromTarget;
    states[cell] = sample.value === 1 ? UP : sample.value === 0 ? DOWN : UNKNOWN;
    since[cell] = sample.sinceMs ?? NaN;
  }

  // RTT and asymmetry flags by cell, in name order like `states`.
  const rtt = new Float64Array(count * count).fill(NaN);
  for (const sample of byKind.get('linkRtt') ?? []) {
    const cell = cellIndex(indexOf, count, sample.labels[labels.source], sample.labels[labels.target]);
    if (cell !== undefined) rtt[cell] = sample.value;
  }
  const flagged = new Uint8Array(count * count);
  for (const sample of byKind.get('linkAsymmetric') ?? []) {
    const cell = cellIndex(indexOf, count, sample.labels[labels.source], sample.labels[labels.target]);
    if (cell !== undefined && sample.value === 1) flagged[cell] = 1;
  }

  const nameOrder = (a: number, b: number) => naturalCompare(names[a]!, names[b]!);
  const groupsByIndex = partitionGroups(count, (i, j) => states[i * count + j] === UP && states[j * count + i] === UP, nameOrder);
  const order =
    options.sort === 'partition' ? groupsByIndex.flat() : Array.from({ length: count }, (_, index) => index);
  const groupOf = new Int32Array(count);
  groupsByIndex.forEach((group, groupIndex) => group.forEach((index) => (groupOf[index] = groupIndex)));

  const view: MatrixView = {
    nodes: [],
    groups: groupsByIndex.map((group) => group.map((index) => names[index]!)),
    bridges: [],
    states: new Uint8Array(count * count),
    oneWay: new Uint8Array(count * count),
    rttSeconds: new Float64Array(count * count).fill(NaN),
    sinceMs: new Float64Array(count * count).fill(NaN),
    counts: { up: 0, down: 0, unknown: 0, oneWay: 0 },
    level: null,
    partitionDetected: (byKind.get('partitionDetected') ?? []).some((s) => s.value === 1),
    majoritiesRing: (byKind.get('majoritiesRing') ?? []).some((s) => s.value === 1),
    splitBrain: (byKind.get('splitBrain') ?? []).some((s) => s.value === 1),
    newestMs,
  };

  for (let row = 0; row < count; row++) {
    const source = order[row]!;
    for (let column = 0; column < count; column++) {
      const target = order[column]!;
      const from = source * count + target;
      const to = row * count + column;
      const state = states[from]!;
      view.states[to] = state;
      view.sinceMs[to] = since[from]!;
      if (state === SELF) continue;
      view.rttSeconds[to] = rtt[from]!;
      if (state === UP) view.counts.up++;
      else if (state === UNKNOWN) view.counts.unknown++;
      else {
        view.counts.down++;
        if (states[target * count + source] === UP || flagged[from] === 1) {
          view.oneWay[to] = 1;
          view.counts.oneWay++;
        }
      }
    }
  }

  for (const index of order) {
    const name = names[index]!;
    const role = roles.get(name) ?? { role: 'unknown' as Role, sinceMs: null };
    const level = levels.get(name);
    const knownLevel = level !== undefined && Number.isFinite(level.value) && role.role !== 'unknown' ? level.value : null;
    const node: NodeView = {
      name,
      role: role.role,
      level: knownLevel,
      group: groupOf[index]!,
      bridge: bridgeNames.has(name),
      sinceMs: (knownLevel !== null ? level?.sinceMs : null) ?? role.sinceMs,
    };
    view.nodes.push(node);
    if (knownLevel !== null) view.level = Math.max(view.level ?? 0, knownLevel);
  }

  view.bridges = [...bridgeNames]
    .filter((name) => indexOf.has(name))
    .sort(naturalCompare)
    .map((name) => bridgeSides(name, indexOf.get(name)!, count, states, names, nameOrder));
  return { kind: 'matrix', view };
}

function cellIndex(indexOf: ReadonlyMap<string, number>, count: number, source: string | undefined, target: string | undefined): number | undefined {
  const row = source === undefined ? undefined : indexOf.get(source);
  const column = target === undefined ? undefined : indexOf.get(target);
  return row === undefined || column === undefined ? undefined : row * count + column;
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

/** Every node any series names: sources, targets, exporting agents, role holders. */
function nodeNames(links: readonly Sample[], byKind: Map<Sample['kind'], Sample[]>, options: MatrixOptions): string[] {
  const { source, target, node } = options.labels;
  const names = new Set<string>();
  for (const link of links) {
    names.add(link.labels[source]!);
    names.add(link.labels[target]!);
  }
  for (const kind of ['nodeRole', 'degradationLevel'] as const) {
    for (const sample of byKind.get(kind) ?? []) {
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
