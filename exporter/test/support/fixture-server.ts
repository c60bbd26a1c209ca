/**
 * A local HTTP(S) server that answers with vendored fixtures (exporter/test/fixtures/<system>/),
 * the stand-in for the servers that cannot run here (Kubernetes API server, Consul, Envoy). Each
 * route is set per test and can be switched while the server runs: a fixed answer, a server that
 * accepts and never answers (a blackholed endpoint), or a body cut off mid-way.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '..', 'fixtures');

export function fixture(system: string, file: string): string {
  return readFileSync(join(FIXTURES, system, file), 'utf8');
}

export type Route =
  | { status: number; contentType: string; body: string }
  | { hang: true }
  /** Announces the whole body, sends `sentBytes` of it, then closes the connection. */
  | { status: number; contentType: string; body: string; sentBytes: number };

export const json = (body: string, status = 200): Route => ({ status, contentType: 'application/json', body });
export const text = (body: string, status = 200): Route => ({ status, contentType: 'text/plain; charset=utf-8', body });

export interface FixtureServer {
  url: string;
  port: number;
  /** Path with its query (e.g. `/readyz?verbose`) → answer; a path without an entry answers 404. */
  routes: Map<string, Route>;
  /** Headers of every request, in order. */
  requests: { path: string; headers: IncomingHttpHeaders }[];
  /** Connections open now (a hung request holds one until the client gives up). */
  openConnections(): number;
  close(): Promise<void>;
}

export interface FixtureServerOptions {
  host?: string;
  port?: number;
  tls?: { cert: string; key: string; ca?: string; requestCert?: boolean };
}

export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const routes = new Map<string, Route>();
  const requests: FixtureServer['requests'] = [];
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const route = routes.get(path) ?? routes.get(path.split('?')[0]!);
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
      return;
    }
    if ('hang' in route) return; // accepted, read, never answered
    const body = Buffer.from(route.body, 'utf8');
    res.writeHead(route.status, { 'content-type': route.contentType, 'content-length': String(body.length) });
    if ('sentBytes' in route && typeof route.sentBytes === 'number') {
      res.write(body.subarray(0, route.sentBytes), () => res.destroy());
      return;
    }
    res.end(body);
  };
  const tls = options.tls;
  const server: Server = tls
    ? createHttpsServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key), ...(tls.ca ? { ca: readFileSync(tls.ca) } : {}), requestCert: tls.requestCert ?? false, rejectUnauthorized: tls.requestCert ?? false }, handler)
    : createHttpServer(handler);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `${tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    routes,
    requests,
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
