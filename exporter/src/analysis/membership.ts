/**
 * Membership indexing: every analysis step works on small integers instead of names. Members are
 * sorted once (plain code-unit order, so the result never depends on the locale), and index i is
 * the i-th name in that order; anything listed in index order is therefore sorted by name.
 */
import type { NodeName } from './types';

export interface Membership {
  /** Configured members, unique, sorted by code unit. */
  readonly names: readonly NodeName[];
  /** name → index into `names`. */
  readonly index: ReadonlyMap<NodeName, number>;
  /** N, the configured membership size. */
  readonly n: number;
  /** ⌊N/2⌋ + 1. */
  readonly quorum: number;
  /** Index of this agent. */
  readonly self: number;
}

/** Code-unit order, the one order used for every sorted list in a Verdict. */
export function compareNames(a: NodeName, b: NodeName): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function quorumOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

export function indexMembers(members: readonly NodeName[], self: NodeName): Membership {
  // The mesh hands its members over sorted and unique: check that in one pass (sorting 5000
  // names with a comparator costs milliseconds), and sort only what is not.
  const names = isSortedUnique(members) ? members : [...new Set(members)].sort(compareNames);
  const index = new Map<NodeName, number>();
  for (let i = 0; i < names.length; i++) index.set(names[i]!, i);
  const selfIndex = index.get(self);
  if (selfIndex === undefined) {
    throw new Error(`analysis: self "${self}" is not one of the ${names.length} configured members`);
  }
  return { names, index, n: names.length, quorum: quorumOf(names.length), self: selfIndex };
}

function isSortedUnique(members: readonly NodeName[]): boolean {
  for (let i = 1; i < members.length; i++) if (!(members[i - 1]! < members[i]!)) return false;
  return true;
}
