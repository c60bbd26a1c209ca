/**
 * Kubernetes discovery: the Node objects of the API server, one list + watch per agent.
 *
 * List (paged, 500 per page) → a snapshot and the list's resourceVersion; then watch from that
 * version (bookmarks on, each watch at most WATCH_MAX_MS, continued from the last version seen);
 * every event is a new snapshot. A watch that answers 410 Gone (the version is too old: the API
 * server keeps a few minutes of history) means list again; so does the relist period, jittered
 * ±25 % so that a thousand agents started together do not list together. Errors back off
 * (1 s doubling to 60 s, jittered) and keep the last snapshot.
 *
 * Plain node:https rather than @kubernetes/client-node: that client is an ES module only (the
 * exporter is CommonJS) and brings a large dependency tree for two GET requests.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { DiscoveredAddress } from '../membership';
import type { KubeAccess } from './kube-access';
import { nodeAddress, nodeName, resourceVersionOf } from './kube-node';
import { LineSplitter } from './line-splitter';
import type { DiscoveryDeps, DiscoverySource } from './source';

export interface KubernetesDiscoveryOptions {
  access: KubeAccess;
  labelSelector?: string;
  fieldSelector?: string;
  relistMs: number;
  /** [0, 1): the jitter source (tests pass a constant). */
  random?: () => number;
  /** Longest single watch request; the API server may end it sooner. */
  watchMaxMs?: number;
}

const PAGE_SIZE = 500;
const WATCH_MAX_MS = 5 * 60_000;
/** A list page or a silent watch beyond its timeout gets this long before the request is cut. */
const REQUEST_DEADLINE_MS = 30_000;
/** One watch event (a Node object is ~5–20 KB); anything larger is not one. */
const MAX_EVENT_BYTES = 4 * 1024 * 1024;
const MAX_LIST_BYTES = 256 * 1024 * 1024;
const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 60_000;

/** The watch's history is gone: list again. */
class Gone extends Error {}

export function startKubernetesDiscovery(options: KubernetesDiscoveryOptions, deps: DiscoveryDeps): DiscoverySource {
  const random = options.random ?? Math.random;
  const controller = new AbortController();
  let stopped = false;
  const nodes = new Map<string, DiscoveredAddress | undefined>();

  const emit = () => {
    deps.onRefresh('ok');
    deps.onSnapshot([...nodes.values()].flatMap((n) => (n === undefined ? [] : [n])));
  };

  function path(query: Record<string, string | undefined>): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...query, labelSelector: options.labelSelector, fieldSelector: options.fieldSelector })) if (value !== undefined) params.set(key, value);
    return `/api/v1/nodes?${params.toString()}`;
  }

  /** One GET; resolves with the response, the deadline armed on its socket. */
  function get(pathAndQuery: string, deadlineMs: number): Promise<IncomingMessage> {
    const { access } = options;
    const token = access.token();
    const secure = access.server.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        new URL(pathAndQuery, access.server),
        {
          method: 'GET',
          headers: { accept: 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
          signal: controller.signal,
          ...(secure ? { ca: access.ca, cert: access.cert, key: access.key, rejectUnauthorized: !access.skipVerify } : {}),
        },
        resolve,
      );
      req.setTimeout(deadlineMs, () => req.destroy(new Error(`no answer within ${deadlineMs} ms`)));
      req.on('error', reject);
      req.end();
    });
  }

  /** A non-200 answer as an error naming the status and the API's reason (the body never holds our token). */
  async function failure(response: IncomingMessage): Promise<Error> {
    const body = await readBody(response, 64 * 1024).catch(() => '');
    let reason = '';
    try {
      const status = JSON.parse(body) as { reason?: unknown; message?: unknown };
      reason = [status.reason, status.message].filter((x) => typeof x === 'string').join(': ').slice(0, 300);
    } catch {
      // not a Status object
    }
    const error = response.statusCode === 410 ? new Gone('410 Gone') : new Error(`HTTP ${response.statusCode}${reason === '' ? '' : ` (${reason})`}`);
    return error;
  }

  async function list(): Promise<string> {
    const items: unknown[] = [];
    let continueToken: string | undefined;
    let version: string | undefined;
    do {
      const response = await get(path({ limit: String(PAGE_SIZE), continue: continueToken }), REQUEST_DEADLINE_MS);
      if (response.statusCode !== 200) throw await failure(response);
      const page = JSON.parse(await readBody(response, MAX_LIST_BYTES)) as { items?: unknown; metadata?: { continue?: unknown } };
      if (!Array.isArray(page.items)) throw new Error('the list has no items');
      items.push(...page.items);
      version = resourceVersionOf(page);
      continueToken = typeof page.metadata?.continue === 'string' && page.metadata.continue !== '' ? page.metadata.continue : undefined;
    } while (continueToken !== undefined && !stopped);
    if (version === undefined) throw new Error('the list has no resourceVersion');
    nodes.clear();
    for (const item of items) {
      const name = nodeName(item);
      if (name !== undefined) nodes.set(name, nodeAddress(item));
    }
    emit();
    return version;
  }

  /** Watches from `version` until the request ends; returns the last version seen. Throws Gone for 410. */
  async function watch(version: string, forMs: number): Promise<string> {
    const seconds = Math.max(1, Math.round(forMs / 1000));
    const response = await get(path({ watch: '1', allowWatchBookmarks: 'true', resourceVersion: version, timeoutSeconds: String(seconds) }), seconds * 1000 + REQUEST_DEADLINE_MS);
    if (response.statusCode !== 200) throw await failure(response);
    const lines = new LineSplitter(MAX_EVENT_BYTES);
    let last = version;
    for await (const chunk of response) {
      for (const line of lines.push(chunk as Buffer)) {
        const event = JSON.parse(line) as { type?: unknown; object?: unknown };
        const object = event.object as { code?: unknown } | undefined;
        if (event.type === 'ERROR') {
          if (object?.code === 410) throw new Gone('watch expired (410 Gone)');
          throw new Error(`watch error ${JSON.stringify(object?.code ?? null)}`);
        }
        last = resourceVersionOf(object) ?? last;
        if (event.type === 'BOOKMARK') continue;
        const name = nodeName(object);
        if (name === undefined) continue;
        if (event.type === 'DELETED') nodes.delete(name);
        else if (event.type === 'ADDED' || event.type === 'MODIFIED') nodes.set(name, nodeAddress(object));
        else continue;
        emit();
      }
    }
    return last;
  }

  const jittered = (ms: number) => Math.round(ms * (0.75 + 0.5 * random()));
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

  async function run(): Promise<void> {
    let backoff = BACKOFF_MIN_MS;
    let failing = false;
    while (!stopped) {
      try {
        let version = await list();
        if (failing) deps.log.info('kubernetes discovery answers again', {});
        failing = false;
        backoff = BACKOFF_MIN_MS;
        const relistAt = Date.now() + jittered(options.relistMs);
        while (!stopped && Date.now() < relistAt) version = await watch(version, Math.min(relistAt - Date.now(), options.watchMaxMs ?? WATCH_MAX_MS));
      } catch (error) {
        if (stopped) return;
        if (error instanceof Gone) {
          deps.log.info('kubernetes watch expired, listing again', {});
          continue;
        }
        deps.onRefresh('error');
        if (!failing) deps.log.warn('kubernetes discovery failed, keeping the last answer', { server: options.access.server.origin, error: (error as Error).message });
        failing = true;
        await sleep(jittered(backoff));
        backoff = Math.min(BACKOFF_MAX_MS, backoff * 2);
      }
    }
  }

  void run();
  return {
    stop() {
      stopped = true;
      controller.abort();
    },
  };
}

async function readBody(response: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of response) {
    bytes += (chunk as Buffer).length;
    if (bytes > maxBytes) {
      response.destroy();
      throw new Error(`an answer of more than ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
