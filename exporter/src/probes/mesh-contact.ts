/**
 * Two-way contact between two nodes as a verdict knows it, for the replication links that join
 * them. Pure. `cut` is claimed only when the verdict knows it: for a pair that includes this
 * node, from its contacts; for any other pair, when a fresh row says one direction is down. A
 * pair whose rows are stale is `unknown` — the databases' own word decides then.
 */
import type { LinkState, NodeName, Verdict } from '../analysis/types';

export type PairContact = 'contact' | 'cut' | 'unknown';

const linkIndex = new WeakMap<Verdict, Map<string, LinkState>>();

export function pairContact(verdict: Verdict | undefined, a: NodeName | undefined, b: NodeName | undefined): PairContact {
  if (verdict === undefined || a === undefined || b === undefined) return 'unknown';
  if (a === b) return 'contact';
  if (a === verdict.self || b === verdict.self) {
    const other = a === verdict.self ? b : a;
    return verdict.contacts.includes(other) ? 'contact' : 'cut';
  }
  const forward = stateOf(verdict, a, b);
  const backward = stateOf(verdict, b, a);
  if (forward === 'down' || backward === 'down') return 'cut';
  return forward === 'up' && backward === 'up' ? 'contact' : 'unknown';
}

function stateOf(verdict: Verdict, source: NodeName, target: NodeName): LinkState {
  let index = linkIndex.get(verdict);
  if (index === undefined) {
    // verdict.links is built lazily (N² objects): index it once per verdict, not once per link.
    index = new Map(verdict.links.map((link) => [`${link.source}\u0000${link.target}`, link.state]));
    linkIndex.set(verdict, index);
  }
  return index.get(`${source}\u0000${target}`) ?? 'unknown';
}
