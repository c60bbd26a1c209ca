/**
 * Fills the mesh and verdict gauges when /metrics is scraped (the registry's beforeScrape): link
 * states from the trackers, row ages, the latest verdict and the open HTTP connections. Counters
 * with a fixed vocabulary start at 0 for every value, so increase() sees their first event.
 */
import type { NodeName, Verdict } from '../analysis/types';
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
}

/** Returns the function that stops filling. */
export function publishAtScrape(deps: ScrapePublisherDeps): () => void {
  const { metrics, mesh } = deps;
  metrics.buildInfo.set({ version: VERSION }, 1);
  metrics.splitBrain.set(0);
  for (const member of mesh.members) metrics.nodeMaintenance.set({ member }, deps.maintenance.includes(member) ? 1 : 0);
  for (const reason of HEARTBEAT_REJECT_REASONS) metrics.heartbeatRejected.inc({ reason }, 0);
  for (const reason of VIEW_REJECT_REASONS) metrics.viewRejected.inc({ reason }, 0);
  for (const reason of ROW_REJECT_REASONS) metrics.viewRowsRejected.inc({ reason }, 0);
  for (const reason of SHED_REASONS) metrics.httpConnectionsShed.inc({ reason }, 0);

  return metrics.registry.beforeScrape(() => {
    const now = monotonic();
    metrics.httpConnections.set(deps.openConnections());
    publishLinks(metrics, mesh);
    const ages = new Map<NodeName, number>();
    for (const origin of mesh.members) {
      const row = mesh.rowOf(origin);
      if (row) ages.set(origin, now - row.bornAt);
    }
    publishVerdict(metrics, deps.verdict(), ages);
  });
}
