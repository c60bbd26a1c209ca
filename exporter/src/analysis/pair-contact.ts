/**
 * Two-way contact between two nodes as a verdict knows it, for the replication links that join
 * them. Pure. `cut` is claimed only when the verdict knows it:
 * - a pair that includes this node: exact, from its contacts (what the link's own agents use);
 * - any other pair: nodes in different components of the two-way graph are cut; within one
 *   component (a bridge topology: the two ends reach each other only through a third node), the
 *   pair's own directed links decide — from the verdict's link list when it has one, else from
 *   the mesh rows (the agent computes verdicts without the N² list); a down direction is a cut.
 * A node without a fresh row is cut from a fresh node of this node's own component (else its row
 * would have been relayed here); two nodes without fresh rows give `unknown`.
 */
import type { ClusterView, LinkState, NodeName, Verdict } from './types';
import { linkStateOfChar } from '../contract/vocabulary';

export type PairContact = 'contact' | 'cut' | 'unknown';


export function pairContact(verdict: Verdict | undefined, a: NodeName | undefined, b: NodeName | undefined, view?: ClusterView): PairContact {
  if (verdict === undefined || a === undefined || b === undefined) return 'unknown';
  if (a === b) return 'contact';
  if (a === verdict.self || b === verdict.self) {
    const other = a === verdict.self ? b : a;
    return verdict.contacts.includes(other) ? 'contact' : 'cut';
  }
  const aFresh = verdict.freshNodes.includes(a);
  const bFresh = verdict.freshNodes.includes(b);
  if (aFresh !== bFresh) {
    // Rows travel along two-way contacts: had the fresh node contact with the other, that
    // other's row would be fresh here too. So a fresh node in this node's component and a node
    // this component hears nothing from are cut apart (network, or the other's agent is down —
    // the databases' word settles that, see replication-links.ts).
    const freshOne = aFresh ? a : b;
    return componentOf(verdict, verdict.self)?.includes(freshOne) ? 'cut' : 'unknown';
  }
  if (!aFresh) return 'unknown';
  const component = componentOf(verdict, a);
  if (component !== undefined && !component.includes(b)) return 'cut';
  const forward = directedState(view, a, b);
  const backward = directedState(view, b, a);
  if (forward === 'down' || backward === 'down') return 'cut';
  return forward === 'up' && backward === 'up' ? 'contact' : 'unknown';
}

/**
 * A cut is proven when both nodes' own rows are fresh here: their agents are alive and their rows
 * say the heartbeats stopped. Otherwise it is inferred from silence, which an agent that is down
 * (not the network) also produces — only then may the databases' word overrule it.
 */
export function cutIsProven(verdict: Verdict | undefined, a: NodeName | undefined, b: NodeName | undefined): boolean {
  if (verdict === undefined || a === undefined || b === undefined) return false;
  return verdict.freshNodes.includes(a) && verdict.freshNodes.includes(b);
}

function componentOf(verdict: Verdict, node: NodeName): readonly NodeName[] | undefined {
  return verdict.components.find((c) => c.includes(node));
}

/** source→target as target's fresh row says, from the compact form when the row has one. */
export function directedState(view: ClusterView | undefined, source: NodeName, target: NodeName): LinkState {
  const row = view?.rows.get(target);
  if (view === undefined || row === undefined || view.now - row.bornAt > view.maxAgeMs) return 'unknown';
  if (row.compact !== undefined) {
    return linkStateOfChar(row.compact.states[row.compact.order.indexOf(source)]);
  }
  return row.inbound[source] ?? 'unknown';
}
