/**
 * Which netsplit node runs a consensus member. Pure. An explicit mapping from the config wins
 * (member name → node); otherwise the member's client endpoint host, then any of its peer URL
 * hosts, is compared with the peers' configured address hosts. No match, or several nodes on
 * that host: the member stays unplaced, and analysis never guesses for it.
 */
import type { NodeName } from './types';

export interface PlaceableMember {
  /** The etcd member name ('' when unknown). */
  name: string;
  /** The endpoint netsplit probes it through, if any. */
  endpoint?: string;
  /** Its advertised client and peer URLs, when the member list told them. */
  urls?: readonly string[];
}

export interface NodeAddress {
  name: NodeName;
  /** The host part of the peer's configured address (IP or DNS name). */
  host: string;
}

export function nodeOfMember(member: PlaceableMember, nodes: readonly NodeAddress[], explicit?: Readonly<Record<string, NodeName>>): NodeName | undefined {
  if (explicit !== undefined && member.name !== '' && Object.hasOwn(explicit, member.name)) return explicit[member.name];
  for (const url of [member.endpoint, ...(member.urls ?? [])]) {
    const host = url === undefined ? undefined : hostOf(url);
    if (host === undefined) continue;
    // Several nodes on one host (a loopback cluster) tell nothing: leave the member unplaced.
    const matches = nodes.filter((n) => normaliseHost(n.host) === host);
    if (matches.length === 1) return matches[0]!.name;
    if (matches.length > 1) return undefined;
  }
  return undefined;
}

/** Lower-case host of a URL without IPv6 brackets, or undefined when it is not a URL. */
export function hostOf(url: string): string | undefined {
  try {
    const host = new URL(url).hostname;
    return host === '' ? undefined : normaliseHost(host);
  } catch {
    return undefined;
  }
}

function normaliseHost(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}
