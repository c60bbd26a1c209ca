/**
 * The membership of a running agent: the pure core (membership/) fed with discovery snapshots,
 * heartbeats heard, departures and the verdict's contacts, its result applied to the mesh. Each
 * change is one log line and one count; the peers to send to and pull from are read from here.
 */
import { isIP } from 'node:net';
import type { HostPort } from '../config/address';
import type { Config, Peer } from '../config/load';
import { MAX_PEERS } from '../config/schema';
import type { Logger } from '../log';
import type { Mesh } from '../mesh/mesh';
import type { Metrics } from '../metrics/registry';
import { initialMembership, onDiscovery, onHeard, onLeft, onTick, snapshotOf, type DiscoveredAddress, type MembershipSnapshot, type MembershipState, type Step } from '../membership';
import { monotonic } from './clock';
import { VIEW_PULL_RESULTS } from '../mesh/view-puller';

export interface MembershipKeeper {
  snapshot(): MembershipSnapshot;
  /** Every member but this node, with the address to send to (maintenance and vanished ones included). */
  peers(): readonly Peer[];
  /** Discovered addresses no valid heartbeat came from yet: they get hellos. */
  unknownAddresses(): readonly string[];
  /** The port of discovered agents. */
  readonly discoveredPort: number;
  /** Where a member's heartbeats must come from, when known. */
  discoveredSource(member: string): HostPort | undefined;
  discovered(addresses: readonly DiscoveredAddress[]): void;
  /** A valid signed heartbeat or hello from `name` (boot `epoch`) at `address`. */
  heard(name: string, address: string, epoch: number): void;
  left(name: string, epoch: number): void;
  /** Time passes; `contacts` are the members in two-way contact with this node (Mesh.twoWayContacts). */
  tick(contacts: readonly string[]): void;
  /** With discovery: the first snapshot arrived and its agents had the join window to be heard. */
  settled(): boolean;
}

/**
 * How long a heard member may stay out of N before it counts anyway: two row lifetimes, enough
 * for its link to come up and its row to arrive when the network works.
 */
export function joinGraceMs(config: Config): number {
  return 2 * config.views.maxAgeMs;
}

/** An address as the socket reports it: IPv4-mapped IPv6 (::ffff:10.0.0.1) compares as IPv4. */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function createMembershipKeeper(config: Config, mesh: Mesh, metrics: Metrics, log: Logger): MembershipKeeper {
  const staticPeers = new Map(config.peers.map((p) => [p.name, p.address.host] as const));
  if (!staticPeers.has(config.node)) staticPeers.set(config.node, config.listen.host);
  let state: MembershipState = initialMembership({
    self: config.node,
    staticPeers,
    staticZones: new Map(config.peers.flatMap((p) => (p.zone === undefined ? [] : [[p.name, p.zone] as const]))),
    maintenance: config.maintenance,
    removeAfterMs: config.membership.removeAfterMs,
    leaveAfterMs: config.membership.leaveAfterMs,
    joinGraceMs: joinGraceMs(config),
  });
  const discoveredPort = config.discovery?.port ?? config.listen.port;
  const configured = new Map(config.peers.map((p) => [p.name, p]));
  let snapshot: MembershipSnapshot = { members: [], quorumSize: 0, maintenance: [], uncounted: [], unknownAddresses: [] };
  let peers: Peer[] = [];
  let addressByName = new Map<string, string>();
  let firstSnapshotAt: number | undefined;

  function refresh(): void {
    const former = snapshot.members;
    snapshot = snapshotOf(state);
    forgetSeries(former, snapshot.members);
    addressByName = new Map(snapshot.members.map((m) => [m.name, m.address]));
    peers = snapshot.members
      .filter((m) => m.name !== config.node)
      .map((m) => configured.get(m.name) ?? { name: m.name, address: { host: m.address, port: discoveredPort } });
    mesh.setMembers(
      snapshot.members.map((m) => m.name),
      snapshot.uncounted,
      monotonic(),
    );
  }

  function apply(step: Step): void {
    const before = state;
    state = step.state;
    for (const change of step.changes) {
      metrics.membershipChanges.inc({ change: change.change });
      log.info('membership', { member: change.member, change: change.change, reason: change.reason, address: change.address });
    }
    // Any new state, logged change or not (a joiner now counted, a new snapshot), is applied.
    if (state !== before) refresh();
  }

  /**
   * A former member's per-peer series go with it: with nodes coming and going (an autoscaler),
   * keeping them would grow /metrics without end.
   */
  function forgetSeries(before: readonly { name: string }[], after: readonly { name: string }[]): void {
    const still = new Set(after.map((m) => m.name));
    for (const { name } of before) {
      if (still.has(name)) continue;
      metrics.heartbeatsReceived.remove({ source: name });
      metrics.linkTransitions.remove({ source: name, target: config.node });
      metrics.linkRtt.remove({ source: config.node, target: name });
      for (const result of VIEW_PULL_RESULTS) metrics.viewPulls.remove({ peer: name, result });
    }
  }

  refresh();
  return {
    snapshot: () => snapshot,
    peers: () => peers,
    unknownAddresses: () => snapshot.unknownAddresses,
    discoveredPort,
    discoveredSource(member) {
      if (configured.has(member)) return undefined;
      const address = addressByName.get(member);
      return address === undefined || isIP(address) === 0 ? undefined : { host: address, port: discoveredPort };
    },
    settled: () => {
      if (config.discovery === undefined) return true;
      // Until then every peer is still joining and N would be 1: no verdict yet.
      return firstSnapshotAt !== undefined && monotonic() - firstSnapshotAt >= joinGraceMs(config);
    },
    discovered: (addresses) => {
      if (addresses.length > MAX_PEERS) {
        // Beyond what analyze() is measured for: keep the last answer rather than take part of this one.
        metrics.discoveryRefreshes.inc({ source: config.discovery?.kind ?? 'dns', result: 'error' });
        log.warn('discovery answer refused: too many addresses', { addresses: addresses.length, max: MAX_PEERS });
        return;
      }
      firstSnapshotAt ??= monotonic();
      apply(onDiscovery(state, addresses, monotonic()));
    },
    heard: (name, address, epoch) => apply(onHeard(state, name, plainAddress(address), epoch, monotonic())),
    left: (name, epoch) => apply(onLeft(state, name, epoch)),
    tick: (contacts) => apply(onTick(state, monotonic(), new Set(contacts))),
  };
}
