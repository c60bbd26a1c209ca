/** Public API of the pure partition analysis: ClusterView → Verdict, and the steps it composes. */
export * from './types';
export { analyze, linksOf, type AnalyzeOptions } from './verdict';
export { compareNames, indexMembers, quorumOf, type Membership } from './membership';
export { countFresh, freshMask, isFresh } from './freshness';
export {
  buildLinkMatrix,
  directedLinks,
  linkCode,
  linkStateOf,
  LINK_DOWN,
  LINK_UNKNOWN,
  LINK_UP,
  type LinkCode,
  type LinkMatrix,
} from './links';
export {
  buildContactGraph,
  contactCount,
  contactGraphFromEdges,
  contactsOf,
  degreeOf,
  hasContact,
  neighboursOf,
  type ContactGraph,
} from './contacts';
export { holdsQuorum, roleForCount, rolesOf } from './roles';
export { degradationFor } from './degradation';
export { connectedComponents, isCompleteComponent } from './components';
export { articulationPoints, articulationPointsFrom, denseEnoughToHaveNoCut } from './bridges';
export { DEFAULT_CLIQUE_BUDGET, EXACT_VERTEX_LIMIT, findCliqueOfSize, type CliqueOptions, type CliqueSearch } from './cliques';
export { asymmetricLinks, asymmetricPairs } from './asymmetry';
export { assessConsensus, degradationWithConsensus, leadersAsWriters, localConsensusOf } from './consensus';
export { hostOf, nodeOfMember, type NodeAddress, type PlaceableMember } from './member-nodes';
export { detectSplitBrains } from './split-brain';
