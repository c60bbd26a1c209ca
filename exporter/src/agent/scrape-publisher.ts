/**
 * Fills the mesh and verdict gauges when /metrics is scraped (the registry's beforeScrape): link
 * states from the trackers, row ages, the latest verdict and the open HTTP connections. Counters
 * with a fixed vocabulary start at 0 for every value, so increase() sees their first event.
 */
import type { NodeName, Verdict } from '../analysis/types';
import type { LinkSeriesMode } from '../config/load';
import type { Mesh } from '../mesh/mesh';
import { HEARTBEAT_REJECT_REASONS, ROW_REJECT_REASONS, VIEW_REJECT_REASONS } from '../mesh/rejections';
import { MAX_LINKED_ZONES, publishLinks, publishVerdict, publishZoneLinks } from '../metrics/publish';
import { zoneLinkCounts, type ZoneLinkCount } from '../analysis/zone-links';
import { zoneVerdict } from '../analysis/zones';
import { linkSeriesPolicy } from '../metrics/link-series';
import type { Metrics } from '../metrics/registry';
import { MEMBER_STATES, MEMBERSHIP_CHANGES, type MembershipSnapshot } from '../membership';
import { SHED_REASONS } from '../server/connection-limit';
import { VERSION } from '../version';
import { monotonic } from './clock';

export interface ScrapePublisherDeps {
  metrics: Metrics;
  mesh: Mesh;
  verdict(): Verdict | undefined;
  openConnections(): number;
  membership(): MembershipSnapshot;
  /** The discovery source, when one is configured: its refresh counters start at 0. */
  discovery?: 'dns' | 'kubernetes';
  linkSeries: LinkSeriesMode;
}

/** Returns the function that stops filling. */
export function publishAtScrape(deps: ScrapePublisherDeps): () => void {
  const { metrics, mesh } = deps;
  metrics.buildInfo.set({ version: VERSION }, 1);
  metrics.splitBrain.set(0);
  for (const change of MEMBERSHIP_CHANGES) metrics.membershipChanges.inc({ change }, 0);
  if (deps.discovery !== undefined) for (const result of ['ok', 'error']) metrics.discoveryRefreshes.inc({ source: deps.discovery, result }, 0);
  for (const reason of HEARTBEAT_REJECT_REASONS) metrics.heartbeatRejected.inc({ reason }, 0);
  for (const reason of VIEW_REJECT_REASONS) metrics.viewRejected.inc({ reason }, 0);
  for (const reason of ROW_REJECT_REASONS) metrics.viewRowsRejected.inc({ reason }, 0);
  for (const reason of SHED_REASONS) metrics.httpConnectionsShed.inc({ reason }, 0);

  const zoneLinks = new ZoneLinksMemo();
  return metrics.registry.beforeScrape(() => {
    const now = monotonic();
    metrics.httpConnections.set(deps.openConnections());
    publishMembership(metrics, deps.membership(), mesh.self, deps.linkSeries);
    publishLinks(metrics, mesh, deps.linkSeries);
    const ages = new Map<NodeName, number>();
    // One age per origin is N series: only in `all` mode (netsplit_view_fresh_nodes counts them always).
    for (const origin of linkSeriesPolicy(deps.linkSeries).perMember ? mesh.members : []) {
      const row = mesh.rowOf(origin);
      if (row) ages.set(origin, now - row.bornAt);
    }
    const verdict = deps.verdict();
    publishVerdict(metrics, verdict, ages);
    const snapshot = deps.membership();
    const zones = new Map(snapshot.members.map((member) => [member.name, member.zone]));
    publishZones(metrics, verdict, zones);
    // From the rows held now, like the link gauges: a scrape shows the newest view, and the
    // evaluation loop never pays for it. Nothing while warming up (no verdict, no claim).
    const zoneCount = new Set(zones.values()).size;
    const linked = verdict !== undefined && zoneCount <= MAX_LINKED_ZONES;
    publishZoneLinks(metrics, linked ? zoneLinks.of(mesh, snapshot, () => zoneLinkCounts(mesh.clusterView(now), (member) => zones.get(member))) : []);
  });
}

/**
 * Members by state, unknown addresses, and per member an info series and maintenance 0/1. Those
 * two are N series per agent: outside `all` mode an agent describes only itself (its zone, its
 * address) and the members in maintenance, so a cluster stores N, not N², of them.
 */
function publishMembership(metrics: Metrics, snapshot: MembershipSnapshot, self: NodeName, linkSeries: LinkSeriesMode): void {
  metrics.memberInfo.reset();
  metrics.nodeMaintenance.reset();
  const { perMember } = linkSeriesPolicy(linkSeries);
  const counts = new Map<string, number>(MEMBER_STATES.map((state) => [state, 0]));
  for (const member of snapshot.members) {
    counts.set(member.state, (counts.get(member.state) ?? 0) + 1);
    const inMaintenance = member.state === 'maintenance';
    if (perMember || member.name === self) metrics.memberInfo.set({ member: member.name, address: member.address, zone: member.zone }, 1);
    if (perMember || inMaintenance) metrics.nodeMaintenance.set({ member: member.name }, inMaintenance ? 1 : 0);
  }
  for (const [state, count] of counts) metrics.members.set({ state }, count);
  metrics.discoveryUnknownAddresses.set(snapshot.unknownAddresses.length);
}

/** Per zone, the share of its members this node reaches (analysis/zones.ts); nothing while warming up. */
function publishZones(metrics: Metrics, verdict: Verdict | undefined, zoneOf: ReadonlyMap<NodeName, string>): void {
  metrics.zoneReachable.reset();
  if (verdict === undefined) return;
  // Every counted member is either in contact with this node or unreachable from it.
  for (const zone of zoneVerdict(verdict, verdict.contacts.concat(verdict.unreachable), (m) => zoneOf.get(m)).zones) {
    metrics.zoneReachable.set({ zone: zone.zone }, zone.members === 0 ? 0 : zone.reachable / zone.members);
  }
}

/**
 * The zone link counts of the last scrape, kept while the mesh's inputs (links, rows, freshness:
 * `mesh.version`) and the membership are the same: reading every held row costs ~2 ms at 1000
 * members, and a steady cluster changes nothing between two scrapes.
 */
class ZoneLinksMemo {
  private version = -1;
  private snapshot: MembershipSnapshot | undefined;
  private counts: ZoneLinkCount[] = [];

  of(mesh: Mesh, snapshot: MembershipSnapshot, count: () => ZoneLinkCount[]): ZoneLinkCount[] {
    if (mesh.version !== this.version || snapshot !== this.snapshot) {
      this.counts = count();
      this.version = mesh.version;
      this.snapshot = snapshot;
    }
    return this.counts;
  }
}
