/**
 * The verdict by zone: a 1000-node split reads as "eu-west-1a | eu-west-1b, eu-west-1c" in one
 * line instead of 1000 roles. Pure: the verdict and each member's zone in, per zone how much of it
 * this node reaches, and the sides of the cut as sets of zones.
 *
 * A zone is reachable in part when only some of its members have two-way contact with this node
 * (a cut inside the zone, or members down); members without a zone fall in the zone "".
 */
import { compareNames } from './membership';
import type { NodeName, Verdict } from './types';

export interface ZoneReach {
  zone: string;
  members: number;
  /** Members with two-way contact to this node (itself included when it is in the zone). */
  reachable: number;
}

export interface ZoneVerdict {
  zones: ZoneReach[];
  /** The zones of each component of the contact graph (largest component first), each sorted. */
  sides: string[][];
  /** "a | b, c": the sides in words; one side (no cut between zones) reads as its zones alone. */
  summary: string;
}

export function zoneVerdict(verdict: Verdict, members: readonly NodeName[], zoneOf: (member: NodeName) => string | undefined): ZoneVerdict {
  const contacts = new Set(verdict.contacts);
  const byZone = new Map<string, ZoneReach>();
  for (const member of members) {
    const zone = zoneOf(member) ?? '';
    const reach = byZone.get(zone) ?? { zone, members: 0, reachable: 0 };
    reach.members++;
    if (contacts.has(member)) reach.reachable++;
    byZone.set(zone, reach);
  }
  const zones = [...byZone.values()].sort((a, b) => compareNames(a.zone, b.zone));
  const sides = verdict.components.map((component) => [...new Set(component.map((member) => zoneOf(member) ?? ''))].sort(compareNames));
  const summary = sides.map((side) => side.map((zone) => zone || '(no zone)').join(', ')).join(' | ');
  return { zones, sides, summary };
}
