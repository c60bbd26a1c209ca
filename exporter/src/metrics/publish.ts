/** Writes a verdict and the mesh's link states into the gauges, when Prometheus scrapes. */
import { ROLES, type NodeName, type Verdict } from '../analysis/types';
import type { ZoneLinkCount } from '../analysis/zone-links';
import type { LinkSeriesMode } from '../config/load';
import type { LinkState } from '../contract/vocabulary';
import type { Mesh } from '../mesh/mesh';
import { linkSeriesPolicy } from './link-series';
import type { Metrics } from './registry';

/** The `state` values of `netsplit_links_inbound` and `netsplit_zone_links`. */
export const LINK_STATES: readonly LinkState[] = ['up', 'down', 'unknown'];
const LINK_SERIES_MODES: readonly LinkSeriesMode[] = ['all', 'down', 'none'];

/**
 * Inbound links of this node. `all`: every known link (unknown is never shown as down: no series
 * until the state is known). `down`: only links that are down, so a healthy 1000-node cluster
 * exports no per-link series at all. `none`: no per-link series. The counts by state are always there.
 */
export function publishLinks(metrics: Metrics, mesh: Mesh, mode: LinkSeriesMode = 'all'): void {
  const policy = linkSeriesPolicy(mode);
  const counts: Record<LinkState, number> = { up: 0, down: 0, unknown: 0 };
  // Members come and go (discovery): a former member's series go with it.
  metrics.linkUp.reset();
  metrics.linkLossRatio.reset();
  for (const source of mesh.members) {
    if (source === mesh.self) continue;
    const tracker = mesh.tracker(source)!;
    counts[tracker.state]++;
    const labels = { source, target: mesh.self };
    if (policy.exportsLink(tracker.state)) {
      metrics.linkUp.set(labels, tracker.state === 'up' ? 1 : 0);
      metrics.linkLossRatio.set(labels, tracker.lossRatio());
    }
  }
  for (const state of LINK_STATES) metrics.linksInbound.set({ state }, counts[state]);
  for (const each of LINK_SERIES_MODES) metrics.linkSeriesMode.set({ mode: each }, each === mode ? 1 : 0);
}

export function publishVerdict(metrics: Metrics, verdict: Verdict | undefined, rowAges: ReadonlyMap<NodeName, number>): void {
  metrics.clusterMembers.set(verdict?.memberCount ?? 0);
  metrics.quorumSize.set(verdict?.quorum ?? 0);
  metrics.ready.set(verdict ? 1 : 0);
  for (const role of ROLES) metrics.nodeRole.set({ role }, verdict?.role === role ? 1 : 0);
  metrics.rowAge.reset();
  for (const [origin, ageMs] of rowAges) metrics.rowAge.set({ origin }, ageMs / 1000);
  metrics.linkAsymmetric.reset();
  metrics.bridgeNode.reset();
  metrics.splitBrainWriter.reset();
  if (verdict === undefined) return; // warming up: claim nothing
  metrics.splitBrain.set(verdict.splitBrain !== undefined && verdict.splitBrain.length > 0 ? 1 : 0);
  for (const split of verdict.splitBrain ?? []) {
    for (const w of split.writers) metrics.splitBrainWriter.set({ system: split.system, target: split.target, server: w.instance, writer_node: w.node }, 1);
  }
  metrics.reachableNodes.set(verdict.contacts.length);
  metrics.degradationLevel.set(verdict.degradation);
  metrics.partitionDetected.set(verdict.partitionDetected ? 1 : 0);
  metrics.partitionComponents.set(verdict.components.length);
  metrics.nodesUnreachable.set(verdict.unreachable.length);
  metrics.viewFreshNodes.set(verdict.freshNodes.length);
  metrics.majoritiesRing.set(verdict.majoritiesRing ? 1 : 0);
  metrics.noQuorum.set(verdict.noQuorum ? 1 : 0);
  for (const link of verdict.asymmetricLinks) metrics.linkAsymmetric.set({ source: link.source, target: link.target }, 1);
  for (const bridge of verdict.bridges) metrics.bridgeNode.set({ bridge }, 1);
}

/**
 * Zones up to which the links between every pair of zones are exported: 4·Z² + Z series, 4 128 at
 * 32 zones. Beyond, the pairs would outnumber the per-link series they summarise (a zone label
 * that names every node, or every rack) and one scrape could grow by megabytes.
 */
export const MAX_LINKED_ZONES = 32;

/**
 * Links between zones (analysis/zone-links.ts): the share up among the known ones, absent when
 * none is known (unknown is never 0), and the counts by state. Nothing without zones, nor with
 * more than MAX_LINKED_ZONES of them.
 */
export function publishZoneLinks(metrics: Metrics, counts: readonly ZoneLinkCount[]): void {
  metrics.zoneLinksUpRatio.reset();
  metrics.zoneLinks.reset();
  if (counts.length > MAX_LINKED_ZONES * MAX_LINKED_ZONES) return;
  for (const c of counts) {
    const zones = { source_zone: c.sourceZone, target_zone: c.targetZone };
    if (c.upRatio !== undefined) metrics.zoneLinksUpRatio.set(zones, c.upRatio);
    for (const state of LINK_STATES) metrics.zoneLinks.set({ ...zones, state }, c[state]);
  }
}
