/**
 * analyze(): ClusterView → Verdict, composing the pure steps of this folder. Deterministic: the
 * same view always gives the same verdict (every list sorted by name in code-unit order).
 *
 * Cost. Reading the N² link states is the floor: from `compact` rows a run at a time
 * (compact-runs.ts) into bitsets, ~1 ms per 1000 rows of 1000 and ~10 ms at 5000 members; from
 * `inbound` Records one hash lookup per pair, ~45 ms at 1000 members (cache misses across 1000
 * hash tables). Everything after that works on bitsets over member indices, 32 pairs per word
 * operation: the contact graph and the one-way links from the up bits and their transpose
 * (links.ts), components, bridges and the clique search on the contact rows — ~25–45 ms in all at
 * 5000 members (docs/benchmarks.md).
 *
 * The verdict holds no list of every ordered pair: that is N² objects (~100 ms to build at 1000
 * members, far more than the rest) and the agent never needs it — /metrics publishes inbound
 * links from the trackers, and views carry the rows. `linksOf(view)` builds the list for whoever
 * wants it (tests, tools).
 */
import { asymmetricLinks } from './asymmetry';
import { articulationPointsFrom, denseEnoughToHaveNoCut } from './bridges';
import { findCliqueOfSize } from './cliques';
import { connectedComponents } from './components';
import { assessConsensus, degradationWithConsensus, localConsensusOf } from './consensus';
import { detectSplitBrains } from './split-brain';
import { contactGraphOf, contactsOf } from './contacts';
import { degradationFor } from './degradation';
import { countFresh, freshMask } from './freshness';
import { buildLinkMatrix, directedLinks, transposeBits } from './links';
import { indexMembers } from './membership';
import { holdsQuorum, rolesOf } from './roles';
import type { ClusterView, DirectedLink, NodeName, Role, Verdict } from './types';

export interface AnalyzeOptions {
  /** Work budget of the majority-clique search on large graphs (see cliques.ts). */
  cliqueBudget?: number;
}

export function analyze(view: ClusterView, options: AnalyzeOptions = {}): Verdict {
  const m = indexMembers(countedMembers(view), view.self);
  const { n, names, quorum, self } = m;
  const fresh = freshMask(view, m);
  const freshCount = countFresh(fresh);
  const matrix = buildLinkMatrix(view, m, fresh);
  // Row v: the members v reaches (v→x up). Contacts and asymmetry both read it.
  const upOut = transposeBits(matrix.up, n, matrix.words);
  const graph = contactGraphOf(matrix, upOut);

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
    contacts,
    role,
    roles,
    degradation: degradationWithConsensus(degradationFor(role, localConsensus), consensus),
    components,
    unreachable,
    partitionDetected: unreachable.length > 0 || matrix.downCount > 0,
    asymmetricLinks: asymmetricLinks(matrix, names, upOut),
    bridges,
    majoritiesRing,
    noQuorum,
    ...(consensus === undefined ? {} : { consensus }),
    ...(view.writers === undefined ? {} : { splitBrain: detectSplitBrains(view.writers, graph, m.index) }),
  };
  return verdict;
}

/** Every ordered pair of distinct members with its state as the view's fresh rows know it, sorted. */
export function linksOf(view: ClusterView): DirectedLink[] {
  const m = indexMembers(view.members, view.self);
  return directedLinks(buildLinkMatrix(view, m, freshMask(view, m)), m.names);
}

/** The members N counts: all but the uncounted ones (maintenance, joining); this node always. */
function countedMembers(view: ClusterView): readonly NodeName[] {
  const uncounted = view.uncounted;
  if (uncounted === undefined || uncounted.length === 0) return view.members;
  const away = new Set(uncounted);
  return view.members.filter((name) => name === view.self || !away.has(name));
}
