/**
 * Split brain: two writers of one system and target (two PostgreSQL primaries, two writable
 * MySQL servers, two Redis masters, two etcd leaders) on nodes without two-way contact. Pure.
 *
 * "Without two-way contact" means no edge in the contact graph: the nodes are in different
 * components, or in one component only through others (a bridge), or one has no fresh row (its
 * contacts are unknown, and two writers of one target must be explained either way). Writers on
 * one node, or on nodes in contact, are a failover in progress, not a split: not reported.
 *
 * What a verdict can see: only writers this agent's probes reach. In a clean cut neither side
 * reaches the other side's database, so each agent sees one writer and reports none — the
 * aggregate of netsplit_replication_role_info across agents in Prometheus catches that case.
 * An agent that reaches both sides (a bridge node, a partial cut) reports it here, naming both.
 */
import { hasContact, type ContactGraph } from './contacts';
import type { NodeName, SplitBrain, Writer } from './types';

export function detectSplitBrains(writers: readonly Writer[], graph: ContactGraph, indexOf: ReadonlyMap<NodeName, number>): SplitBrain[] {
  const byTarget = new Map<string, Writer[]>();
  for (const writer of writers) {
    const key = `${writer.system}\u0000${writer.target}`;
    const group = byTarget.get(key) ?? [];
    if (!group.some((w) => w.instance === writer.instance)) group.push(writer);
    byTarget.set(key, group);
  }
  const found: SplitBrain[] = [];
  for (const group of byTarget.values()) {
    const split = new Set<Writer>();
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = indexOf.get(group[i]!.node);
        const b = indexOf.get(group[j]!.node);
        // A writer placed on a node outside the membership cannot be judged by the mesh.
        if (a === undefined || b === undefined || hasContact(graph, a, b)) continue;
        split.add(group[i]!);
        split.add(group[j]!);
      }
    }
    if (split.size > 0) found.push({ system: group[0]!.system, target: group[0]!.target, writers: [...split].sort(compareWriters) });
  }
  return found.sort((x, y) => compare(x.system, y.system) || compare(x.target, y.target));
}

function compareWriters(a: Writer, b: Writer): number {
  return compare(a.node, b.node) || compare(a.instance, b.instance);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
