/**
 * Heartbeats on the wire: one UDP socket that receives every peer's datagrams into the mesh and,
 * every interval, sends each peer a datagram signed for it. Rejected datagrams are counted by
 * reason and dropped; nothing a peer sends can throw here.
 */
import { createSocket, type Socket, type SocketOptions } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import type { LinkEvent } from '../mesh/mesh';
import { linkSeriesPolicy } from '../metrics/link-series';
import type { MeshIo } from './mesh-io';
import { monotonic } from './clock';
import { SendTargets } from './send-targets';

/** Hellos to a new unknown address: one per interval this many times, then one per HELLO_EVERY intervals. */
const HELLO_BURST = 5;
const HELLO_EVERY = 10;
/** Stopping never waits longer than this for departures to leave the socket. */
const DEPARTURE_DEADLINE_MS = 500;
/** Pushes of the own row are at least this share of an interval apart. */
const PUSH_GAP = 0.25;
/** A failing send (EHOSTUNREACH while a route is gone) is logged at most this often. */
const SOCKET_ERROR_LOG_MS = 10_000;

export interface HeartbeatTransport {
  /** Sends the own row, as it is now, to every peer that takes pushed rows. */
  pushOwnRow(): void;
  close(): Promise<void>;
}

export interface HeartbeatTransportDeps extends MeshIo {
  /** A link changed state because a heartbeat arrived. */
  onLinkEvents(events: LinkEvent[]): void;
  /** Whether a peer understands `row` datagrams (it served a delta view). */
  takesPushedRows(peer: string): boolean;
}

/**
 * Every send names an address the address book already resolved. node:dgram still looks each one
 * up, and its default lookup answers an IP literal on the next tick: a deferred call per datagram,
 * 2000 a second at 1000 peers. Literals are answered at once; names still go to the resolver.
 */
const literalFirstLookup: NonNullable<SocketOptions['lookup']> = (hostname, options, callback) => {
  const family = isIP(hostname);
  if (family !== 0) callback(null, hostname, family);
  else dnsLookup(hostname, options, callback);
};

/** Binds the heartbeat port (rejects when it is taken) and starts sending. */
export async function startHeartbeatTransport(deps: HeartbeatTransportDeps): Promise<HeartbeatTransport> {
  const { config, mesh, metrics, log, addresses, peers } = deps;
  const series = linkSeriesPolicy(config.metrics.links);
  const udp: Socket = createSocket({ type: isIP(config.listen.host) === 6 ? 'udp6' : 'udp4', reuseAddr: false, lookup: literalFirstLookup });
  const { membership } = deps;
  /**
   * Accepted heartbeats are counted by the mesh per peer and added to the counter when /metrics is
   * read: prom-client's inc hashes and checks its labels, 2000 times a second at 1000 peers.
   */
  function countReceived(): void {
    mesh.takeHeardCounts((sender, count) => metrics.heartbeatsReceived.inc({ source: series.peerLabel(sender) }, count));
  }
  const stopCounting = metrics.registry.beforeScrape(countReceived);
  udp.on('message', (datagram, from) => {
    const admission = mesh.receive(datagram, monotonic(), Date.now(), from);
    if (admission.ok && admission.kind === 'heartbeat') {
      if (admission.pushed !== undefined) metrics.rowPushesReceived.inc({ result: admission.pushed });
      membership.heard(admission.sender, from.address, admission.epoch);
      if (admission.transition) deps.onLinkEvents([{ source: admission.sender, transition: admission.transition }]);
      return;
    }
    if (admission.ok && admission.kind === 'hello') {
      membership.heard(admission.sender, from.address, admission.epoch);
      return;
    }
    if (admission.ok) {
      membership.left(admission.sender, admission.epoch);
      return;
    }
    metrics.heartbeatRejected.inc({ reason: admission.reason });
    // A valid heartbeat from a name that is no member yet: from a discovered address, it joins.
    if (admission.sender !== undefined && admission.epoch !== undefined) membership.heard(admission.sender, from.address, admission.epoch);
  });
  let lastSocketErrorLog = -Infinity;
  udp.on('error', (error) => {
    if (monotonic() - lastSocketErrorLog < SOCKET_ERROR_LOG_MS) return;
    lastSocketErrorLog = monotonic();
    log.warn('heartbeat socket error', { error: error.message });
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(config.heartbeat.port, config.listen.host, () => {
      udp.off('error', reject);
      resolve();
    });
  });

  const targets = new SendTargets(peers, addresses);
  const sendTimer = setInterval(() => {
    const wallNow = Date.now();
    const list = targets.list();
    for (const { name, port, host } of list) {
      // One datagram per peer: it names its recipient (a relayed copy proves nothing elsewhere).
      // No per-datagram callback: send errors surface on the socket's 'error' handler.
      udp.send(mesh.nextHeartbeat(name, wallNow), port, host);
    }
    metrics.heartbeatsSent.inc(list.length);
    // Discovered addresses not heard yet get a hello each: that tells them our name, and their
    // answer (a heartbeat to us, or their hello) tells us theirs. One datagram serves them all.
    const unknown = membership.unknownAddresses();
    if (unknown.length > 0) {
      const hello = mesh.hello(wallNow);
      for (const address of hellosDue(unknown)) udp.send(hello, membership.discoveredPort, address);
    }
  }, config.heartbeat.intervalMs);

  /**
   * A new unknown address gets a hello every interval for HELLO_BURST intervals, then one every
   * HELLO_EVERY intervals: an address where no agent runs costs little, and a joiner does not wait
   * on it — an agent that starts sends its own hellos to everyone it discovers.
   */
  const helloRounds = new Map<string, number>();
  function hellosDue(unknown: readonly string[]): string[] {
    const due: string[] = [];
    const now = new Set(unknown);
    for (const address of helloRounds.keys()) if (!now.has(address)) helloRounds.delete(address);
    for (const address of unknown) {
      const round = helloRounds.get(address) ?? 0;
      helloRounds.set(address, round + 1);
      if (round < HELLO_BURST || (round - HELLO_BURST) % HELLO_EVERY === HELLO_EVERY - 1) due.push(address);
    }
    return due;
  }

  let closing: Promise<void> | undefined;
  let lastPush = -Infinity;
  let pushTimer: NodeJS.Timeout | undefined;
  function pushNow(): void {
    if (closing !== undefined) return;
    lastPush = monotonic();
    const wallNow = Date.now();
    let pushed = 0;
    for (const { name, port, host } of targets.list()) {
      if (!deps.takesPushedRows(name)) continue;
      const datagram = mesh.rowDatagram(name, wallNow);
      if (datagram === undefined) break; // too large for one datagram: pulls carry it
      udp.send(datagram, port, host);
      pushed++;
    }
    metrics.rowPushesSent.inc(pushed);
  }
  return {
    pushOwnRow() {
      if (closing !== undefined || pushTimer !== undefined) return;
      // At most one push per PUSH_GAP of an interval: a storm of link changes sends the row as
      // it is at the end of each gap, not once per change.
      const wait = lastPush + config.heartbeat.intervalMs * PUSH_GAP - monotonic();
      if (wait > 0) {
        pushTimer = setTimeout(() => {
          pushTimer = undefined;
          pushNow();
        }, wait);
        return;
      }
      pushNow();
    },
    close() {
      closing ??= (async () => {
        clearInterval(sendTimer);
        if (pushTimer !== undefined) clearTimeout(pushTimer);
        countReceived();
        stopCounting();
        await sendDepartures();
        await new Promise<void>((resolve) => udp.close(() => resolve()));
      })();
      return closing;
    },
  };

  /**
   * A stopping agent tells every peer it leaves, so that discovered peers drop it from their
   * membership at once instead of keeping it as unreachable. Sent twice (UDP may lose one; the
   * second is a replay to whoever got the first), waiting for the socket to hand both over.
   */
  async function sendDepartures(): Promise<void> {
    const wallNow = Date.now();
    const sends: Promise<void>[] = [];
    for (const { name, port, host } of targets.list()) {
      const datagram = mesh.departure(name, wallNow);
      for (let copy = 0; copy < 2; copy++) sends.push(new Promise<void>((resolve) => udp.send(datagram, port, host, () => resolve())));
    }
    await Promise.race([Promise.all(sends), new Promise((resolve) => setTimeout(resolve, DEPARTURE_DEADLINE_MS).unref())]);
  }
}
