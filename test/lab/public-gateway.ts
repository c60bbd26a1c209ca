/**
 * The demo's window into the lab: an HTTP server on 127.0.0.1 that serves every agent's
 * /metrics, /healthz, /readyz and /api/v1/view under /<node>/…, proxied through the agents'
 * unix-socket gateways (the lab's addresses do not exist outside its namespaces). View requests
 * are signed with the cluster secret on the way, so a browser or curl needs no header.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningAgent } from './agent-service';

const PATHS = ['/metrics', '/api/v1/view', '/healthz', '/readyz'];

export interface PublicGateway {
  baseUrl: string;
  urls(node: string): { metrics: string; view: string };
  close(): Promise<void>;
}

export async function startPublicGateway(agents: readonly RunningAgent[], port: number): Promise<PublicGateway> {
  // Looked up per request: a fleet restarts agents in place in this array.
  const byName = { get: (name: string) => agents.find((a) => a.name === name) };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = /^\/([^/]+)(\/.*)$/.exec(url.pathname);
      const agent = match === null ? undefined : byName.get(match[1]!);
      if (req.method !== 'GET' || agent === undefined || !PATHS.includes(match![2]!)) {
        res.writeHead(url.pathname === '/' ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(index(baseUrl()));
        return;
      }
      try {
        const path = match![2]!;
        if (path === '/api/v1/view') {
          // The answer first, then the headers: a dead agent must read as a 502, not a half-sent 200.
          const body = JSON.stringify(await agent.view(), null, 2) + '\n';
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
          res.end(body);
        } else if (path === '/metrics') {
          const body = await agent.metricsText();
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
          res.end(body);
        } else {
          const ready = path === '/readyz' ? await agent.ready() : true;
          res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(ready ? 'ok\n' : 'not ready\n');
        }
      } catch (error) {
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`agent ${agent.name} did not answer: ${(error as Error).message}\n`);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const baseUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const index = (base: string) =>
    ['netsplit lab: every agent, proxied from its network namespace', '', ...agents.flatMap((a) => PATHS.map((p) => `${base}/${a.name}${p}`)), ''].join('\n');
  return {
    baseUrl: baseUrl(),
    urls: (node) => ({ metrics: `${baseUrl()}/${node}/metrics`, view: `${baseUrl()}/${node}/api/v1/view` }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
