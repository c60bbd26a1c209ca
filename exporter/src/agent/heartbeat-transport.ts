/**
 * Heartbeats on the wire: one UDP socket that receives every peer's datagrams into the mesh and,
 * every interval, sends each peer a datagram signed for it. Rejected datagrams are counted by
 * reason and dropped; nothing a peer sends can throw here.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { LinkEvent } from '../mesh/mesh';
import type { MeshIo } from './mesh-io';
import { monotonic } from './clock';

/** A failing send (EHOSTUNREACH while a route is gone) is logged at most this often. */
const SOCKET_ERROR_LOG_MS = 10_000;

export interface HeartbeatTransport {
  close(): Promise<void>;
}

export interface HeartbeatTransportDeps extends MeshIo {
  /** A link changed state because a heartbeat arrived. */
  onLinkEvents(events: LinkEvent[]): void;
}

/** Binds the heartbeat port (rejects when it is taken) and starts sending. */
export async function startHeartbeatTransport(deps: HeartbeatTransportDeps): Promise<HeartbeatTransport> {
  const { config, mesh, metrics, log, addresses, peers } = deps;
  // Outside `all` mode the count is not split by sender: an empty label is no label in Prometheus.
  const perSource = config.metrics.links === 'all';
  const udp: Socket = createSocket({ type: isIP(config.listen.host) === 6 ? 'udp6' : 'udp4', reuseAddr: false });
  udp.on('message', (datagram, from) => {
    const admission = mesh.receive(datagram, monotonic(), Date.now(), from);
    if (!admission.ok) {
      metrics.heartbeatRejected.inc({ reason: admission.reason });
      return;
    }
    metrics.heartbeatsReceived.inc({ source: perSource ? admission.sender : '' });
    if (admission.transition) deps.onLinkEvents([{ source: admission.sender, transition: admission.transition }]);
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

  const sendTimer = setInterval(() => {
    const wallNow = Date.now();
    let sent = 0;
    for (const peer of peers) {
      const host = addresses.resolved(peer.address.host);
      if (host === undefined) continue;
      // One datagram per peer: it names its recipient (a relayed copy proves nothing elsewhere).
      const datagram = mesh.nextHeartbeat(peer.name, wallNow);
      // No per-datagram callback: send errors surface on the socket's 'error' handler.
      udp.send(datagram, peer.address.port, host);
      sent++;
    }
    metrics.heartbeatsSent.inc(sent);
  }, config.heartbeat.intervalMs);

  return {
    close() {
      clearInterval(sendTimer);
      return new Promise<void>((resolve) => udp.close(() => resolve()));
    },
  };
}
