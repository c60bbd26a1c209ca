/**
 * Why a proxy's upstream fails, from where its hosts sit relative to the cut. Pure.
 *
 * An Envoy breaker that opens, or hosts that outlier detection ejects, mean the same thing to
 * Envoy whatever the cause. The mesh knows more: when every failing host runs on a node this
 * proxy's node has no two-way contact with, the cut explains it (`network_cut`); when every one
 * runs on a node in contact, the network does not, and the service itself is at fault
 * (`service_fault`); some of each is `mixed`; hosts netsplit cannot place, or pairs the verdict
 * does not know, leave it `unknown` — never guessed.
 */
import { pairContact } from './pair-contact';
import type { ClusterView, NodeName, Verdict } from './types';

export type UpstreamFaultReason = 'network_cut' | 'service_fault' | 'mixed' | 'unknown';

export interface UpstreamHostPlacement {
  /** The node the host runs on; undefined when netsplit cannot place it. */
  node?: NodeName;
  /** Ejected by outlier detection, failing its health check, or not healthy in EDS. */
  failing: boolean;
}

export interface UpstreamExplanation {
  reason: UpstreamFaultReason;
  /** Hosts (all of them, failing or not) on nodes cut from the proxy's node. */
  acrossCut: number;
}

/**
 * `proxyNode`: the node the proxy runs on. The hosts judged are the failing ones; when none is
 * failing (a breaker opened on healthy-looking hosts: overflow), all of them.
 */
export function explainUpstream(hosts: readonly UpstreamHostPlacement[], proxyNode: NodeName, verdict: Verdict | undefined, view?: ClusterView): UpstreamExplanation {
  const contact = hosts.map((h) => pairContact(verdict, proxyNode, h.node, view));
  const acrossCut = contact.filter((c) => c === 'cut').length;
  const judged = hosts.some((h) => h.failing) ? contact.filter((_, i) => hosts[i]!.failing) : contact;
  const cut = judged.filter((c) => c === 'cut').length;
  const reachable = judged.filter((c) => c === 'contact').length;
  let reason: UpstreamFaultReason = 'unknown';
  if (judged.length > 0 && cut === judged.length) reason = 'network_cut';
  else if (judged.length > 0 && reachable === judged.length) reason = 'service_fault';
  else if (cut > 0 && reachable > 0) reason = 'mixed';
  return { reason, acrossCut };
}
