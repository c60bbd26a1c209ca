/** Starts the configured discovery source, its snapshots fed into the membership. */
import type { Config } from '../config/load';
import { startDnsDiscovery } from '../discovery/dns';
import type { DiscoverySource } from '../discovery/source';
import type { Logger } from '../log';
import type { Metrics } from '../metrics/registry';
import type { MembershipKeeper } from './membership-keeper';

export function startDiscovery(config: Config, membership: MembershipKeeper, metrics: Metrics, log: Logger): DiscoverySource | undefined {
  const discovery = config.discovery;
  if (discovery === undefined) return undefined;
  const deps = {
    onSnapshot: membership.discovered,
    onRefresh: (result: 'ok' | 'error') => metrics.discoveryRefreshes.inc({ source: discovery.kind, result }),
    log,
  };
  if (discovery.kind === 'dns') return startDnsDiscovery({ name: discovery.name, refreshMs: discovery.refreshMs, ...(discovery.server === undefined ? {} : { server: discovery.server }) }, deps);
  return undefined;
}
