/**
 * Which Node labels the cluster should carry now, and whether this agent writes them (opt-in
 * routing labels, docs/applications.md § Routing to the majority). Pure.
 *
 * Only the side that holds quorum writes, and on it only one agent: the first node by name of
 * this node's component. Every agent of that side computes the same writer from the same rows, so
 * a change is written once, not once per agent. During a partition every member is labelled with
 * its side: `majority` for this side (healthy reads as majority: there is no split to route
 * around), `minority` or `isolated` for the others as their fresh rows say, `minority` when no
 * fresh row says (it is not on the majority: that is what a selector needs). A healthy cluster
 * carries no labels: the writer removes them on heal.
 */
import { compareNames } from './membership';
import { holdsQuorum } from './roles';
import type { NodeName, Verdict } from './types';

export type PartitionLabel = 'majority' | 'minority' | 'isolated';

export interface RoutingPlan {
  /** This agent writes the labels now. */
  writer: boolean;
  /** Per member: the label to carry, or null for none (healthy cluster). */
  labels: Map<NodeName, PartitionLabel | null>;
}

export function routingPlan(verdict: Verdict, members: readonly NodeName[]): RoutingPlan {
  const component = verdict.components.find((c) => c.includes(verdict.self)) ?? [verdict.self];
  const writer = holdsQuorum(verdict.role) && [...component].sort(compareNames)[0] === verdict.self;
  const split = verdict.role !== 'healthy';
  const side = new Set(component);
  const labels = new Map<NodeName, PartitionLabel | null>();
  for (const member of members) {
    if (!split) labels.set(member, null);
    else if (side.has(member)) labels.set(member, 'majority');
    else labels.set(member, verdict.roles[member] === 'isolated' ? 'isolated' : 'minority');
  }
  return { writer, labels };
}
