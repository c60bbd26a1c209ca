/**
 * Serves the browser harness on 127.0.0.1: the harness page and its host bundle, the BUILT
 * plugin (panel-plugin/dist, where Grafana would serve public/plugins/<id>/), and a
 * Prometheus HTTP API under /prom/<topology>-<nodes> that answers from recorded fixtures.
 * `/prom/live` forwards to a live Prometheus instead (NETSPLIT_PROMETHEUS_URL): the harness
 * only speaks the HTTP API, so recorded and live answers take the same path.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { mixedClusters, recordFixture, topologies, Topology } from './fixtures/make-fixtures';
import { PromError, PromSuccess, Recording } from './fixtures/prometheusApi';

export const repoRoot = resolve(__dirname, '..', '..');
export const pluginDist = join(repoRoot, 'panel-plugin', 'dist');
export const harnessDir = join(repoRoot, 'panel-plugin', 'harness');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown',
  '.map': 'application/json',
};

export interface HarnessServer {
  url: string;
  close(): Promise<void>;
}

const recordings = new Map<string, Recording>();

/** `live-<topology>-5`: answers recorded from a real Prometheus scraping a lab (fixtures/record-live.ts). */
const liveDir = join(__dirname, 'fixtures', 'live');

function recording(name: string): Recording | undefined {
  if (name.startsWith('live-')) {
    const file = join(liveDir, `${name.slice('live-'.length)}.json`);
    if (!/^live-[A-Za-z]+-\d+$/.test(name) || !existsSync(file)) return undefined;
    if (!recordings.has(name)) recordings.set(name, JSON.parse(readFileSync(file, 'utf8')) as Recording);
    return recordings.get(name);
  }
  // <topology>-<nodes>[-long][-failroles][-down][-zones<k>], or mixed-<nodes> (two clusters,
  // same node names). -down: only broken links exported; -zones<k>: k zones by netsplit_member_info.
  const match = /^([A-Za-z]+)-(\d+)((?:-long|-failroles|-down|-zones\d+)*)$/.exec(name);
  if (!match) return undefined;
  if (recordings.has(name)) return recordings.get(name);
  const count = Number(match[2]);
  if (match[1] === 'mixed') recordings.set(name, mixedClusters(count));
  else if ((topologies as readonly string[]).includes(match[1]!)) {
    const zones = /-zones(\d+)/.exec(match[3]!)?.[1];
    const variant = { names: match[3]!.includes('-long') ? ('long' as const) : ('short' as const), links: match[3]!.includes('-down') ? ('down' as const) : ('all' as const), zones: zones === undefined ? undefined : Number(zones) };
    recordings.set(name, recordFixture(match[1] as Topology, count, variant));
  }
  return recordings.get(name);
}

/**
 * `-failroles`: Prometheus refuses the role and level queries (as when a recording rule or a
 * relabelling broke them), the other queries answer: a partial failure the panel must show.
 */
const failedMetrics = ['netsplit_node_role', 'netsplit_degradation_level'];

function failure(name: string, expr: string): PromError | undefined {
  if (!name.includes('-failroles') || !failedMetrics.some((metric) => expr.startsWith(`${metric}{`))) return undefined;
  return { status: 'error', errorType: 'execution', error: 'query processing would load too many samples into memory in query execution' };
}

/** What Prometheus answers for a query the recording holds; an unknown metric gives an empty result, as in Prometheus. */
export function answer(rec: Recording, endpoint: 'query' | 'query_range', expr: string): PromSuccess {
  const kind = endpoint === 'query' ? 'instant' : 'range';
  const recorded = rec.queries.find((query) => query.expr === expr && query.kind === kind);
  return recorded?.response ?? { status: 'success', data: { resultType: kind === 'instant' ? 'vector' : 'matrix', result: [] } };
}

export function startHarnessServer(): Promise<HarnessServer> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const api = /^\/prom\/([^/]+)\/api\/v1\/(query|query_range)$/.exec(url.pathname);
    if (api && api[1] === 'live') {
      void proxyToPrometheus(`${api[2]}${url.search}`, response);
      return;
    }
    if (api) {
      const rec = recording(api[1]!);
      if (!rec) {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'not_found', error: `no fixture ${api[1]}` }));
        return;
      }
      const expr = url.searchParams.get('query') ?? '';
      const failed = failure(api[1]!, expr);
      if (failed) {
        response.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify(failed));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer(rec, api[2] as 'query' | 'query_range', expr)));
      return;
    }
    const file = url.pathname === '/' ? join(harnessDir, 'index.html') : url.pathname.startsWith('/plugin/') ? safeJoin(pluginDist, url.pathname.slice('/plugin/'.length)) : safeJoin(join(harnessDir, 'dist'), url.pathname.slice(1));
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolvePromise({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/**
 * `/prom/live/...` forwards to the Prometheus in NETSPLIT_PROMETHEUS_URL (e.g. one scraping
 * running exporters): the page cannot call it directly (Prometheus sends no CORS headers).
 */
async function proxyToPrometheus(pathAndQuery: string, response: import('node:http').ServerResponse): Promise<void> {
  const base = process.env.NETSPLIT_PROMETHEUS_URL;
  if (!base) {
    response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'set NETSPLIT_PROMETHEUS_URL to use /prom/live' }));
    return;
  }
  try {
    const upstream = await fetch(`${base.replace(/\/$/, '')}/api/v1/${pathAndQuery}`);
    response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
  } catch (error) {
    response.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'bad_gateway', error: String(error) }));
  }
}

/** Paths stay inside their folder: no `..` out of the served trees. */
function safeJoin(base: string, relative: string): string | null {
  const full = normalize(join(base, decodeURIComponent(relative)));
  return full.startsWith(base) ? full : null;
}
