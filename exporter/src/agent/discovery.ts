/**
 * The configured discovery source, its snapshots fed into the membership. Prepared before
 * anything binds (a Kubernetes source without credentials is a start failure naming the key and
 * the fix), started once the membership exists.
 */
import type { Config } from '../config/load';
import { startDnsDiscovery } from '../discovery/dns';
import { inClusterAccess, kubeconfigAccess, type KubeAccess } from '../discovery/kube-access';
import { startKubernetesDiscovery } from '../discovery/kubernetes';
import type { DiscoverySource } from '../discovery/source';
import type { Logger } from '../log';
import type { Metrics } from '../metrics/registry';
import type { MembershipKeeper } from './membership-keeper';

export interface PreparedDiscovery {
  start(membership: MembershipKeeper, metrics: Metrics, log: Logger): DiscoverySource;
}

/** Throws with the problem (never a credential) when the source cannot work. */
export function prepareDiscovery(config: Config, env: NodeJS.ProcessEnv = process.env): PreparedDiscovery | undefined {
  const discovery = config.discovery;
  if (discovery === undefined) return undefined;
  const depsOf = (membership: MembershipKeeper, metrics: Metrics, log: Logger) => ({
    onSnapshot: membership.discovered,
    onRefresh: (result: 'ok' | 'error') => metrics.discoveryRefreshes.inc({ source: discovery.kind, result }),
    log,
  });
  if (discovery.kind === 'dns') {
    return { start: (membership, metrics, log) => startDnsDiscovery({ name: discovery.name, refreshMs: discovery.refreshMs, ...(discovery.server === undefined ? {} : { server: discovery.server }) }, depsOf(membership, metrics, log)) };
  }
  const access: KubeAccess | string = discovery.kubeconfig === undefined ? inClusterAccess(env) : kubeconfigAccess(discovery.kubeconfig);
  if (typeof access === 'string') throw new Error(`discovery.kubernetes: ${access}`);
  return {
    start: (membership, metrics, log) =>
      startKubernetesDiscovery(
        {
          access,
          relistMs: discovery.relistMs,
          ...(discovery.labelSelector === undefined ? {} : { labelSelector: discovery.labelSelector }),
          ...(discovery.fieldSelector === undefined ? {} : { fieldSelector: discovery.fieldSelector }),
        },
        depsOf(membership, metrics, log),
      ),
  };
}
