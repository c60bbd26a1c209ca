/**
 * A stand-in for the Kubernetes API server's Node endpoints (no API server runs here), speaking
 * the real wire format over HTTPS: `GET /api/v1/nodes` answers a NodeList (paged with `limit` and
 * `continue`), `GET /api/v1/nodes?watch=1&resourceVersion=…` streams WatchEvents, one JSON object
 * per line, and a watch from a version older than the kept history gets the API server's
 * `ERROR` event with a 410 `Status` (reason `Expired`, "too old resource version").
 * Shapes from the Kubernetes API reference (kubernetes.io, CC BY 4.0): Node v1
 * (https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/node-v1/), WatchEvent
 * (https://kubernetes.io/docs/reference/kubernetes-api/definitions/watch-event-v1-meta/), Status
 * (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/status/) and API
 * concepts § Efficient detection of changes
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes).
 */
import { createServer, type Server } from 'node:https';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { makeCa, makeLeaf } from './openssl-certs';

export interface NodeSpec {
  name: string;
  internalIp: string;
  zone?: string;
  unschedulable?: boolean;
  ready?: boolean;
  /** Labels written by clients (PATCH with a JSON merge patch); null removes. */
  labels?: Record<string, string>;
}

/** A Node object as the API server returns it (the fields a real one has, trimmed of the bulky ones). */
export function nodeObject(spec: NodeSpec, resourceVersion: number): Record<string, unknown> {
  return {
    kind: 'Node',
    apiVersion: 'v1',
    metadata: {
      name: spec.name,
      uid: `0b6c5a3e-0000-4000-8000-${String(resourceVersion).padStart(12, '0')}`,
      resourceVersion: String(resourceVersion),
      creationTimestamp: '2026-11-30T08:00:00Z',
      labels: {
        'kubernetes.io/hostname': spec.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        ...(spec.zone === undefined ? {} : { 'topology.kubernetes.io/zone': spec.zone, 'topology.kubernetes.io/region': 'lab-1' }),
        ...spec.labels,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'], ...(spec.unschedulable === true ? { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: '2026-12-02T10:00:00Z' }] } : {}) },
    status: {
      addresses: [
        { type: 'InternalIP', address: spec.internalIp },
        { type: 'Hostname', address: spec.name },
      ],
      conditions: [
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: '2026-12-02T10:00:00Z', lastTransitionTime: '2026-11-30T08:00:00Z', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        {
          type: 'Ready',
          status: spec.ready === false ? 'False' : 'True',
          lastHeartbeatTime: '2026-12-02T10:00:00Z',
          lastTransitionTime: '2026-11-30T08:00:00Z',
          reason: spec.ready === false ? 'KubeletNotReady' : 'KubeletReady',
          message: spec.ready === false ? 'container runtime network not ready' : 'kubelet is posting ready status',
        },
      ],
      nodeInfo: { kubeletVersion: 'v1.30.4', osImage: 'Debian GNU/Linux 12 (bookworm)', containerRuntimeVersion: 'containerd://1.7.20' },
    },
  };
}

export class KubeApiStub {
  readonly requests: { path: string; authorized: boolean }[] = [];
  private readonly nodes = new Map<string, NodeSpec>();
  private version = 100;
  /** Watches from a version below this get 410 (the API server's history is gone). */
  private historyFrom = 0;
  private readonly watchers = new Set<{ response: ServerResponse; from: number }>();
  private readonly log: { version: number; type: string; object: Record<string, unknown> }[] = [];
  private server!: Server;

  private constructor(
    private readonly token: string,
    readonly pageSize: number,
  ) {}

  static async start(tls: { cert: Buffer; key: Buffer }, token: string, nodes: readonly NodeSpec[], pageSize = 500): Promise<KubeApiStub> {
    const stub = new KubeApiStub(token, pageSize);
    for (const node of nodes) stub.nodes.set(node.name, node);
    stub.server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      if (req.method !== 'PATCH') return stub.handle(req.url ?? '/', req.headers.authorization, res);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => stub.patch(req.url ?? '/', req.headers.authorization, req.headers['content-type'], Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  lists(): number {
    return this.requests.filter((r) => !r.path.includes('watch=1') && r.authorized).length;
  }

  add(spec: NodeSpec): void {
    this.nodes.set(spec.name, spec);
    this.publish('ADDED', spec);
  }

  modify(spec: NodeSpec): void {
    this.nodes.set(spec.name, spec);
    this.publish('MODIFIED', spec);
  }

  remove(name: string): void {
    const spec = this.nodes.get(name)!;
    this.nodes.delete(name);
    this.publish('DELETED', spec);
  }

  /** Writes one line that is not a WatchEvent to every open watch (hostile or broken input). */
  garbage(line: string): void {
    for (const watcher of this.watchers) watcher.response.write(line + '\n');
  }

  /** The API server compacted its history: open watches get ERROR 410 and end; watching from an old version fails the same way. */
  expireHistory(): void {
    this.historyFrom = this.version + 1;
    for (const watcher of this.watchers) this.gone(watcher.response, watcher.from);
    this.watchers.clear();
  }

  async stop(): Promise<void> {
    for (const watcher of this.watchers) watcher.response.end();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private publish(type: string, spec: NodeSpec): void {
    this.version++;
    const event = { version: this.version, type, object: nodeObject(spec, this.version) };
    this.log.push(event);
    for (const watcher of this.watchers) watcher.response.write(JSON.stringify({ type, object: event.object }) + '\n');
  }

  private gone(response: ServerResponse, from: number): void {
    const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${from} (${this.historyFrom})`, reason: 'Expired', code: 410 };
    response.end(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
  }

  /** PATCH requests (node label writes), in order. */
  readonly patches: { node: string; labels: Record<string, string | null> }[] = [];

  labelsOf(name: string): Record<string, string> {
    return { ...this.nodes.get(name)?.labels };
  }

  /** `PATCH /api/v1/nodes/{name}` with `application/merge-patch+json`: merges metadata.labels (null removes), answers the Node. */
  private patch(url: string, authorization: string | undefined, contentType: string | undefined, body: string, res: ServerResponse): void {
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (authorization !== `Bearer ${this.token}`) return json(401, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    const name = decodeURIComponent(/^\/api\/v1\/nodes\/([^/?]+)$/.exec(url)?.[1] ?? '');
    const spec = this.nodes.get(name);
    if (spec === undefined) return json(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `nodes "${name}" not found`, reason: 'NotFound', code: 404 });
    if (contentType !== 'application/merge-patch+json') return json(415, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`, reason: 'UnsupportedMediaType', code: 415 });
    const labels = (JSON.parse(body) as { metadata?: { labels?: Record<string, string | null> } }).metadata?.labels ?? {};
    this.patches.push({ node: name, labels });
    const merged: Record<string, string> = { ...spec.labels };
    for (const [key, value] of Object.entries(labels)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    this.modify({ ...spec, labels: merged });
    json(200, nodeObject(this.nodes.get(name)!, this.version));
  }

  private handle(url: string, authorization: string | undefined, res: ServerResponse): void {
    const authorized = authorization === `Bearer ${this.token}`;
    this.requests.push({ path: url, authorized });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!authorized) return json(401, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    const parsed = new URL(url, 'https://stub');
    if (parsed.pathname !== '/api/v1/nodes') return json(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
    if (parsed.searchParams.get('watch') === '1') {
      const from = Number(parsed.searchParams.get('resourceVersion') ?? '0');
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      if (from < this.historyFrom) return this.gone(res, from);
      for (const event of this.log) if (event.version > from) res.write(JSON.stringify({ type: event.type, object: event.object }) + '\n');
      const watcher = { response: res, from };
      this.watchers.add(watcher);
      res.on('close', () => this.watchers.delete(watcher));
      return;
    }
    const all = [...this.nodes.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    const start = Number(parsed.searchParams.get('continue') ?? '0');
    const limit = Number(parsed.searchParams.get('limit') ?? String(all.length));
    const page = all.slice(start, start + Math.min(limit, this.pageSize));
    const next = start + page.length < all.length ? String(start + page.length) : undefined;
    json(200, { kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: String(this.version), ...(next === undefined ? {} : { continue: next }) }, items: page.map((spec) => nodeObject(spec, this.version)) });
  }
}

/** A stub with its own CA and serving certificate in `dir`, and a kubeconfig (token auth) that reaches it. */
export async function startKubeApiStub(dir: string, token: string, nodes: readonly NodeSpec[]): Promise<{ stub: KubeApiStub; kubeconfig: string }> {
  const ca = makeCa(dir);
  const leaf = makeLeaf(dir, 'apiserver', ca);
  const stub = await KubeApiStub.start({ cert: readFileSync(leaf.cert), key: readFileSync(leaf.key) }, token, nodes);
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  writeFileSync(
    kubeconfig,
    stringify({
      'current-context': 'lab',
      clusters: [{ name: 'lab', cluster: { server: `https://127.0.0.1:${stub.port}`, 'certificate-authority-data': readFileSync(ca.cert).toString('base64') } }],
      users: [{ name: 'netsplit', user: { token } }],
      contexts: [{ name: 'lab', context: { cluster: 'lab', user: 'netsplit' } }],
    }),
  );
  return { stub, kubeconfig };
}
