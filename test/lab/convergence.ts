/**
 * Time for the agents to reach expected roles after a change (time to detect, time to heal).
 * The roles are confirmed from every agent's /metrics, polled every 20 ms; the instant is taken
 * from the agents' own "role" log lines (read as they are written), which is exact where polling
 * would add up to a poll period. Timed from `since` — the caller takes it just before the
 * nemesis starts writing rules, so the nftables work itself counts against detection.
 */
import { isDeepStrictEqual } from 'node:util';
import type { AgentFleet } from './agent-fleet';
import { poll } from './wait-for';

export interface Convergence {
  matched: boolean;
  /** ms from `since` until the last agent took its expected role (or until the deadline). */
  ms: number;
  roles: Record<string, string>;
  levels: Record<string, number | null>;
}

/** `except`: agents not to read (a frozen agent cannot answer); expectedRoles must omit them too. */
export async function timeConvergence(fleet: AgentFleet, expectedRoles: Record<string, string>, since: number, timeoutMs = 15_000, except: string[] = []): Promise<Convergence> {
  const observed = await poll(() => fleet.roles(except), (roles) => isDeepStrictEqual(roles, expectedRoles), { timeoutMs, intervalMs: 20 });
  const roles = observed.value ?? {};
  const levels = await fleet.levels(except).catch(() => ({}));
  if (!observed.matched) return { matched: false, ms: observed.at - since, roles, levels };
  let last: number | undefined;
  for (const agent of fleet.agents.filter((a) => !except.includes(a.name))) {
    const changes = agent.logs().filter(({ at, entry }) => entry.msg === 'role' && at >= since && at <= observed.at);
    const final = changes[changes.length - 1];
    if (final !== undefined && final.entry.role === expectedRoles[agent.name]) last = Math.max(last ?? 0, final.at);
  }
  return { matched: true, ms: (last ?? observed.at) - since, roles, levels };
}
