/**
 * Words of the netsplit contract that more than one part reads: the exporter writes them into
 * label values and wire rows, the panel and the generated rules read them back. Data only: the
 * pure analysis imports this module too.
 */

/** A node's partition role, as `netsplit_node_role{role}` names it. */
export type Role = 'healthy' | 'majority' | 'minority' | 'isolated';
export const ROLES: readonly Role[] = ['healthy', 'majority', 'minority', 'isolated'];

/** 0 full · 1 read-only · 2 cached responses · 3 emergency fallback (the runbook's table). */
export type DegradationLevel = 0 | 1 | 2 | 3;
/** `netsplit_degradation_level`'s values in words, indexed by level. */
export const DEGRADATION_LEVEL_NAMES: readonly string[] = ['full service', 'read-only', 'cached responses', 'emergency fallback'];

/** A directed link's state as one agent knows it. */
export type LinkState = 'up' | 'down' | 'unknown';
/**
 * The row alphabet of a view on the wire: one character per member, in the row's order. Any
 * other character reads as unknown, so a newer agent may add states without breaking older ones.
 */
export const LINK_STATE_CHAR: Readonly<Record<LinkState, string>> = { up: 'u', down: 'd', unknown: '?' };

/** The state a row character stands for. */
export function linkStateOfChar(char: string | undefined): LinkState {
  return char === LINK_STATE_CHAR.up ? 'up' : char === LINK_STATE_CHAR.down ? 'down' : 'unknown';
}
