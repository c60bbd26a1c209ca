/**
 * Which mesh node an instance runs on: the explicit `nodes` map of the target first (URL host →
 * node name), else the one peer whose configured address has the same host. Pure. Several peers
 * on one host (a loopback test cluster) leave the instance unplaced: the mesh cannot tell
 * anything about its links then, and the databases' own word decides alone.
 */
import type { NodeName } from '../analysis/types';
import type { Peer } from '../config/load';

export function placeInstance(host: string, peers: readonly Peer[], nodes: Readonly<Record<string, string>> | undefined): NodeName | undefined {
  const mapped = nodes?.[host];
  if (mapped !== undefined) return mapped;
  const matches = peers.filter((peer) => sameHost(peer.address.host, host));
  return matches.length === 1 ? matches[0]!.name : undefined;
}

function sameHost(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
