import { Role } from './matrixView';

/**
 * The agents' own rule (DESIGN.md), applied to the matrix when no role series arrived: two-way
 * contacts, the node itself included, against the membership N and quorum ⌊N/2⌋+1.
 */
export function deriveRole(contacts: number, members: number): Role {
  const quorum = Math.floor(members / 2) + 1;
  if (contacts >= members) return 'healthy';
  if (contacts >= quorum) return 'majority';
  return contacts >= 2 ? 'minority' : 'isolated';
}

/** The runbook's degradation level for a role: full service, read-only, cached responses. */
export function levelOfRole(role: Role): number | null {
  switch (role) {
    case 'healthy':
    case 'majority':
      return 0;
    case 'minority':
      return 1;
    case 'isolated':
      return 2;
    default:
      return null;
  }
}
