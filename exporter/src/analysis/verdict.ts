/**
 * analyze(): ClusterView → Verdict, composing the pure steps of this folder. Deterministic: the
 * same view always gives the same verdict (every list sorted by name in code-unit order).
 *
 * Cost. Reading the N² link states is the floor: from `compact` rows (see types.ts) a regex run
 * scan, ~1–3 ms at 1000 members; from `inbound` Records one hash lookup per pair, ~45 ms at 1000
 * members (cache misses across 1000 hash tables). Everything after that works on typed arrays and
 * bitsets over member indices (~3–5 ms at 1000 members).
 *
 * The one part that is N² *objects* is `links` (every ordered pair): at 1000 members building it
 * costs ~100 ms, far more than the rest, so it is materialised lazily — `links` is an
 * enumerable, memoised getter that builds the array on first read (JSON.stringify, spread,
 * structuredClone and jest's equality all read it like a plain property; assignment replaces
 * it). Callers that never want it pass `{ includeLinks: false }` and get `links: []`.
 */
import { asymmetricLinks } from './asymmetry';
import { articulationPointsFrom, denseEnoughToHaveNoCut } from './bridges';
import { findCliqueOfSize } from './cliques';
import { connectedComponents } from './components';
import { assessConsensus, degradationWithConsensus, localConsensusOf } from './consensus';
import { detectSplitBrains } from './split-brain';
import { buildContactGraph, contactsOf } from './contacts';
import { degradationFor } from './degradation';
import { countFresh, freshMask } from './freshness';
import { buildLinkMatrix, directedLinks, type LinkMatrix } from './links';
import { indexMembers } from './membership';
import { holdsQuorum, rolesOf } from './roles';
import type { ClusterView, DirectedLink, NodeName, Role, Verdict } from './types';

export interface AnalyzeOptions {
  /**
   * true (default): `links` lists every ordered pair of distinct members, built lazily on first
   * read. false: `links` is an empty array (cheaper when nobody reads it).
   */
  includeLinks?: boolean;
  /** Work budget of the majority-clique search on large graphs (see cliques.ts). */
  cliqueBudget?: number;
}

export function analyze(view: ClusterView, options: AnalyzeOptions = {}): Verdict {
  const m = indexMembers(countedMembers(view), view.self);
  const { n, names, quorum, self } = m;
  const fresh = freshMask(view, m);
  const freshCount = countFresh(fresh);
  const matrix = buildLinkMatrix(view, m, fresh);
  const graph = buildContactGraph(matrix);

  const roleList = rolesOf(graph, fresh, n, quorum);
  const role = roleList[self]!;
  const roles: Record<NodeName, Role> = {};
  const freshNodes: NodeName[] = [];
  let everyoneHoldsQuorum = true;
  let anyoneHoldsQuorum = false;
  for (let v = 0; v < n; v++) {
    const r = roleList[v];
    if (r === undefined) continue;
    roles[names[v]!] = r;
    freshNodes.push(names[v]!);
    if (holdsQuorum(r)) anyoneHoldsQuorum = true;
    else everyoneHoldsQuorum = false;
  }

  const contactIndices = contactsOf(graph, self);
  const contacts = contactIndices.map((v) => names[v]!);
  const inContact = new Uint8Array(n);
  for (const v of contactIndices) inContact[v] = 1;
  const unreachable: NodeName[] = [];
  for (let v = 0; v < n; v++) if (inContact[v] === 0) unreachable.push(names[v]!);

  const componentIndices = connectedComponents(graph, fresh);
  const components = componentIndices.map((c) => c.map((v) => names[v]!));
  // Tarjan only where a cut vertex is possible (sparse components of ≥ 3 nodes).
  const roots: number[] = [];
  for (const c of componentIndices) if (!denseEnoughToHaveNoCut(graph, c)) roots.push(c[0]!);
  const bridges = articulationPointsFrom(graph, roots).map((v) => names[v]!);

  const complete = graph.edgeCount === (freshCount * (freshCount - 1)) / 2;
  const majoritiesRing =
    everyoneHoldsQuorum && !complete && !findCliqueOfSize(graph, fresh, quorum, { budget: options.cliqueBudget }).found;
  const noQuorum = !anyoneHoldsQuorum && n - freshCount < quorum;

  // Consensus facts (etcd): quorum per component; the local member from the groups unless given.
  const consensus = view.consensusGroups?.map((group) => assessConsensus(group, components, names[self]!, contacts));
  const localConsensus = view.localConsensus ?? (view.consensusGroups && localConsensusOf(view.consensusGroups, names[self]!));

  const verdict: Verdict = {
    self: names[self]!,
    memberCount: n,
    quorum,
    freshNodes,
    links: [],
    contacts,
    role,
    roles,
    degradation: degradationWithConsensus(degradationFor(role, localConsensus), consensus),
    components,
    unreachable,
    partitionDetected: unreachable.length > 0 || matrix.downCount > 0,
    asymmetricLinks: asymmetricLinks(matrix, names),
    bridges,
    majoritiesRing,
    noQuorum,
    ...(consensus === undefined ? {} : { consensus }),
    ...(view.writers === undefined ? {} : { splitBrain: detectSplitBrains(view.writers, graph, m.index) }),
  };
  if (options.includeLinks !== false) defineLazyLinks(verdict, matrix, names);
  return verdict;
}

/** The members N counts: all but the uncounted ones (maintenance, joining); this node always. */
function countedMembers(view: ClusterView): readonly NodeName[] {
  const uncounted = view.uncounted;
  if (uncounted === undefined || uncounted.length === 0) return view.members;
  const away = new Set(uncounted);
  return view.members.filter((name) => name === view.self || !away.has(name));
}

/** Replaces `links` (same key position) by a getter that builds the array once, then memoises it. */
function defineLazyLinks(verdict: Verdict, matrix: LinkMatrix, names: readonly NodeName[]): void {
  let built: DirectedLink[] | undefined;
  Object.defineProperty(verdict, 'links', {
    enumerable: true,
    configurable: true,
    get: () => (built ??= directedLinks(matrix, names)),
    set: (value: DirectedLink[]) => {
      built = value;
    },
  });
}
