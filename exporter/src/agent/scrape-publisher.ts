/**
 * Fills the mesh and verdict gauges when /metrics is scraped (the registry's beforeScrape): link
 * states from the trackers, row ages, the latest verdict and the open HTTP connections. Counters
 * with a fixed vocabulary start at 0 for every value, so increase() sees their first event.
 */
import type { NodeName, Verdict } from '../analysis/types';
import type { LinkSeriesMode } from '../config/load';
import type { Mesh } from '../mesh/mesh';
import { HEARTBEAT_REJECT_REASONS, ROW_REJECT_REASONS, VIEW_REJECT_REASONS } from '../mesh/rejections';
import { publishLinks, publishVerdict } from '../metrics/publish';
import type { Metrics } from '../metrics/registry';
import { SHED_REASONS } from '../server/connection-limit';
import { VERSION } from '../version';
import { monotonic } from './clock';

export interface ScrapePublisherDeps {
  metrics: Metrics;
  mesh: Mesh;
  verdict(): Verdict | undefined;
  openConnections(): number;
  maintenance: readonly NodeName[];
  linkSeries: LinkSeriesMode;
}

/** Returns the function that stops filling. */
export function publishAtScrape(deps: ScrapePublisherDeps): () => void {
  const { metrics, mesh } = deps;
  metrics.buildInfo.set({ version: VERSION }, 1);
  metrics.splitBrain.set(0);
  // 0 for every other member only in `all` mode (N series); the rules read `== 1` either way.
  for (const member of mesh.members) {
    if (deps.maintenance.includes(member)) metrics.nodeMaintenance.set({ member }, 1);
    else if (deps.linkSeries === 'all') metrics.nodeMaintenance.set({ member }, 0);
  }
  for (const reason of HEARTBEAT_REJECT_REASONS) metrics.heartbeatRejected.inc({ reason }, 0);
  for (const reason of VIEW_REJECT_REASONS) metrics.viewRejected.inc({ reason }, 0);
  for (const reason of ROW_REJECT_REASONS) metrics.viewRowsRejected.inc({ reason }, 0);
  for (const reason of SHED_REASONS) metrics.httpConnectionsShed.inc({ reason }, 0);

  return metrics.registry.beforeScrape(() => {
    const now = monotonic();
    metrics.httpConnections.set(deps.openConnections());
    publishLinks(metrics, mesh, deps.linkSeries);
    const ages = new Map<NodeName, number>();
    // One age per origin is N series: only in `all` mode (netsplit_view_fresh_nodes counts them always).
    for (const origin of deps.linkSeries === 'all' ? mesh.members : []) {
      const row = mesh.rowOf(origin);
      if (row) ages.set(origin, now - row.bornAt);
    }
    publishVerdict(metrics, deps.verdict(), ages);
  });
}
