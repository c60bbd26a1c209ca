/**
 * A node's role counts its two-way contacts, itself included, against the configured membership N
 * and quorum ⌊N/2⌋+1: all N → healthy; ≥ quorum → majority; ≥ 2 → minority; 1 → isolated.
 * Only fresh nodes have a role: a node whose row is not fresh is unknown, never "minority".
 */
import { contactCount, type ContactGraph } from './contacts';
import type { Role } from './types';

export function roleForCount(count: number, n: number, quorum: number): Role {
  if (count >= n) return 'healthy';
  if (count >= quorum) return 'majority';
  if (count >= 2) return 'minority';
  return 'isolated';
}

/** roles[v] for every fresh vertex v; undefined for the others. */
export function rolesOf(graph: ContactGraph, fresh: Uint8Array, n: number, quorum: number): Array<Role | undefined> {
  const roles = new Array<Role | undefined>(graph.n);
  for (let v = 0; v < graph.n; v++) roles[v] = fresh[v] === 1 ? roleForCount(contactCount(graph, v), n, quorum) : undefined;
  return roles;
}

/** Reaches a majority of the configured membership (healthy or majority). */
export function holdsQuorum(role: Role | undefined): boolean {
  return role === 'healthy' || role === 'majority';
}
