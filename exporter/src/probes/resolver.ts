/**
 * The probes' one name resolver. Each probe resolves its target's host inside its own deadline
 * (a name that does not resolve in time is `unreachable`, like any other place the probe can be
 * stuck); the last good answer is kept for those that match by address (a primary lists its
 * replicas by IP). IP literals pass through untouched.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { withDeadline } from './deadline';

export type Resolution = { ok: true; address: string } | { ok: false; message: string; code?: string };

export class HostResolver {
  private readonly lastGood = new Map<string, string>();

  async resolve(host: string, deadlineMs: number): Promise<Resolution> {
    if (isIP(host) !== 0) return { ok: true, address: host };
    const answer = await withDeadline<Resolution>(
      deadlineMs,
      () =>
        lookup(host).then(
          (found): Resolution => ({ ok: true, address: found.address }),
          (error: NodeJS.ErrnoException): Resolution => ({ ok: false, message: `cannot resolve ${host}: ${error.code ?? error.message}`, ...(error.code === undefined ? {} : { code: error.code }) }),
        ),
      () => ({ ok: false, message: `cannot resolve ${host} within ${deadlineMs} ms` }),
    );
    if (answer.ok) this.lastGood.set(host, answer.address);
    return answer;
  }

  /** The last address `host` resolved to (itself when it is an IP), without waiting. */
  known(host: string): string | undefined {
    return isIP(host) !== 0 ? host : this.lastGood.get(host);
  }
}
