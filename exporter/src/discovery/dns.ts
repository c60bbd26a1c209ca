/**
 * DNS discovery: every `refresh`, the A and AAAA records of one name (a headless Service with
 * publishNotReadyAddresses, or any DNS name) are the addresses of the agents. Names are not asked
 * of DNS: the membership learns them from the agents' signed heartbeats.
 *
 * A name that does not exist or has no records of a family is an answer (no addresses); a
 * timeout, a refused query or SERVFAIL is an error, and the last answer stands. Never two queries
 * at once; each has a deadline (the resolver's timeout and tries).
 */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { HostPort } from '../config/address';
import type { DiscoveryDeps, DiscoverySource } from './source';

export interface DnsDiscoveryOptions {
  name: string;
  refreshMs: number;
  /** A resolver to ask instead of the system's. */
  server?: HostPort;
}

/** "No such name" and "no records of this type": answers, not failures. */
const EMPTY_ANSWER = new Set(['ENOTFOUND', 'ENODATA']);
/** Per query try; two tries. */
const QUERY_TIMEOUT_MS = 2000;

export function startDnsDiscovery(options: DnsDiscoveryOptions, deps: DiscoveryDeps): DiscoverySource {
  const resolver = new Resolver({ timeout: Math.min(QUERY_TIMEOUT_MS, options.refreshMs), tries: 2 });
  if (options.server !== undefined) {
    const { host, port } = options.server;
    resolver.setServers([isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`]);
  }
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failing = false;

  async function refresh(): Promise<void> {
    const answers = await Promise.allSettled([resolver.resolve4(options.name), resolver.resolve6(options.name)]);
    if (stopped) return;
    const failures = answers.flatMap((a) => (a.status === 'rejected' && !EMPTY_ANSWER.has((a.reason as NodeJS.ErrnoException).code ?? '') ? [a.reason as NodeJS.ErrnoException] : []));
    if (failures.length > 0) {
      deps.onRefresh('error');
      if (!failing) deps.log.warn('dns discovery failed, keeping the last answer', { name: options.name, error: failures[0]!.code ?? failures[0]!.message });
      failing = true;
      return;
    }
    if (failing) deps.log.info('dns discovery answers again', { name: options.name });
    failing = false;
    deps.onRefresh('ok');
    const addresses = answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
    deps.onSnapshot([...new Set(addresses)].sort().map((address) => ({ address })));
  }

  const loop = (): void => {
    void refresh().finally(() => {
      if (!stopped) timer = setTimeout(loop, options.refreshMs);
    });
  };
  loop();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      resolver.cancel();
    },
  };
}
