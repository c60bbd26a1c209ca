/**
 * A cap on the HTTP server's open connections, so /metrics and peer view pulls keep answering
 * under a connection flood (1,100 idle connections at a 1024 fd limit once made every
 * scrape fail). Node's own `server.maxConnections` drops the newcomer, which under a flood of idle
 * sockets is the scrape itself; here a newcomer at the cap evicts the connection that has been
 * idle longest (no request in flight), and only when every connection is busy is the newcomer
 * closed. A connection must send its first request within `requestTimeoutMs` (Node's
 * headersTimeout applies only once a request has started, and is checked every 30 s).
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';

export interface ConnectionLimits {
  maxConnections: number;
  /** Deadline for a new connection's first request and for any request's headers. */
  requestTimeoutMs: number;
}

/** Why a connection was closed by the guard (the metric's `reason` label). */
export const SHED_REASONS = ['idle_evicted', 'refused', 'no_request'] as const;
export type ShedReason = (typeof SHED_REASONS)[number];

export interface ConnectionGuard {
  open(): number;
}

interface Tracked {
  /** Requests in flight on this connection. */
  busy: number;
  firstRequest?: NodeJS.Timeout;
}

export function limitConnections(server: Server, limits: ConnectionLimits, onShed: (reason: ShedReason) => void): ConnectionGuard {
  // Map iteration order is insertion order; an entry is re-inserted when it goes idle, so the
  // first idle entry met is the one idle longest.
  const sockets = new Map<Socket, Tracked>();
  server.headersTimeout = limits.requestTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;

  // Behind TLS a request's socket is the TLS socket, which 'secureConnection' hands out; raw TCP
  // sockets that never finish a handshake are bounded by TLS's own handshakeTimeout there.
  const event = server instanceof TlsServer ? 'secureConnection' : 'connection';
  server.on(event, (socket: Socket) => {
    if (sockets.size >= limits.maxConnections && !evictIdle()) {
      onShed('refused');
      socket.destroy();
      return;
    }
    const tracked: Tracked = { busy: 0 };
    tracked.firstRequest = setTimeout(() => {
      onShed('no_request');
      socket.destroy();
    }, limits.requestTimeoutMs);
    tracked.firstRequest.unref();
    sockets.set(socket, tracked);
    socket.once('close', () => {
      clearTimeout(tracked.firstRequest);
      sockets.delete(socket);
    });
  });

  server.on('request', (req, res) => {
    const socket = req.socket;
    const tracked = sockets.get(socket);
    if (tracked === undefined) return;
    clearTimeout(tracked.firstRequest);
    tracked.busy++;
    res.once('close', () => {
      tracked.busy--;
      if (tracked.busy === 0 && sockets.has(socket)) {
        sockets.delete(socket);
        sockets.set(socket, tracked);
      }
    });
  });

  function evictIdle(): boolean {
    for (const [socket, tracked] of sockets) {
      if (tracked.busy > 0) continue;
      sockets.delete(socket);
      clearTimeout(tracked.firstRequest);
      onShed('idle_evicted');
      socket.destroy();
      return true;
    }
    return false;
  }

  return { open: () => sockets.size };
}
