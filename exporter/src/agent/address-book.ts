/**
 * Peer addresses may be host names (a Kubernetes StatefulSet's stable DNS names). They are
 * resolved in the background every 30 s so that no send or pull ever waits on DNS.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Logger } from '../log';

const REFRESH_MS = 30_000;

export class AddressBook {
  private readonly cache = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private changes = 0;

  constructor(private readonly log: Logger) {}

  /** The address to send to now; undefined while a host name has not resolved yet. */
  resolved(host: string): string | undefined {
    return isIP(host) ? host : this.cache.get(host);
  }

  /** Moves whenever a host name resolves to another address: lists of resolved addresses built before are stale. */
  get version(): number {
    return this.changes;
  }

  track(hosts: readonly string[]): void {
    const names = [...new Set(hosts.filter((h) => !isIP(h)))];
    if (names.length === 0) return;
    const refresh = () =>
      void Promise.all(
        names.map(async (name) => {
          try {
            const { address } = await lookup(name);
            if (this.cache.get(name) === address) return;
            this.cache.set(name, address);
            this.changes++;
          } catch (error) {
            this.log.warn('cannot resolve peer address', { host: name, error: (error as Error).message });
          }
        }),
      );
    refresh();
    this.timer = setInterval(refresh, REFRESH_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
