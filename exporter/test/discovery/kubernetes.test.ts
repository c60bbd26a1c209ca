/**
 * Kubernetes discovery against a stand-in API server (support/kube-api-stub.ts: HTTPS, the real
 * NodeList / WatchEvent / Status JSON): list, then watch; cordon, uncordon, a node deleted, a node
 * added, the watch expired (410 Gone → list again), paging, auth refused, credentials from the
 * in-cluster service account files and from a kubeconfig.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { inClusterAccess, kubeconfigAccess, type KubeAccess } from '../../src/discovery/kube-access';
import { startKubernetesDiscovery } from '../../src/discovery/kubernetes';
import type { DiscoverySource } from '../../src/discovery/source';
import type { DiscoveredAddress } from '../../src/membership';
import { createLogger } from '../../src/log';
import { KubeApiStub, type NodeSpec } from '../support/kube-api-stub';
import { makeCa, makeLeaf } from '../support/openssl-certs';
import { eventually } from '../agent/helpers';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.service-account-token-for-tests';
const NODES: NodeSpec[] = [
  { name: 'node-a', internalIp: '10.0.0.1', zone: 'zone-1' },
  { name: 'node-b', internalIp: '10.0.0.2', zone: 'zone-1' },
  { name: 'node-c', internalIp: '10.0.0.3', zone: 'zone-2', ready: false },
];

let dir: string;
let tls: { cert: Buffer; key: Buffer; ca: Buffer };
let stub: KubeApiStub;
let source: DiscoverySource | undefined;
let snapshots: DiscoveredAddress[][];
let refreshes: string[];
let lines: string[];

function serviceAccount(): KubeAccess {
  const sa = join(dir, 'serviceaccount');
  const access = inClusterAccess({ KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(stub.port) }, sa);
  if (typeof access === 'string') throw new Error(access);
  return access;
}

function start(access: KubeAccess, extra: { relistMs?: number; labelSelector?: string } = {}): void {
  snapshots = [];
  refreshes = [];
  lines = [];
  source = startKubernetesDiscovery(
    { access, relistMs: extra.relistMs ?? 3_600_000, random: () => 0.5, ...(extra.labelSelector === undefined ? {} : { labelSelector: extra.labelSelector }) },
    { onSnapshot: (s) => snapshots.push([...s]), onRefresh: (r) => refreshes.push(r), log: createLogger({}, 'info', (line) => lines.push(line)) },
  );
}

/** The latest snapshot, compact: name@address zone cordoned? notready? */
const latest = () => (snapshots.at(-1) ?? []).map((n) => `${n.name}@${n.address} ${n.zone ?? '-'}${n.cordoned ? ' cordoned' : ''}${n.ready === false ? ' notready' : ''}`).sort();
const until = (expected: string[]) => eventually(latest, (now) => JSON.stringify(now) === JSON.stringify(expected), 5000);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'netsplit-kube-'));
  const ca = makeCa(dir);
  const leaf = makeLeaf(dir, 'apiserver', ca);
  tls = { cert: readFileSync(leaf.cert), key: readFileSync(leaf.key), ca: readFileSync(ca.cert) };
  const sa = join(dir, 'serviceaccount');
  mkdirSync(sa);
  writeFileSync(join(sa, 'token'), TOKEN + '\n');
  writeFileSync(join(sa, 'ca.crt'), tls.ca);
});

beforeEach(async () => {
  stub = await KubeApiStub.start(tls, TOKEN, NODES);
});

afterEach(async () => {
  source?.stop();
  source = undefined;
  await stub.stop();
});

test('lists the nodes, then follows the watch: cordon, uncordon, a node deleted, a node added', async () => {
  start(serviceAccount());
  expect(await until(['node-a@10.0.0.1 zone-1', 'node-b@10.0.0.2 zone-1', 'node-c@10.0.0.3 zone-2 notready'])).toEqual(['node-a@10.0.0.1 zone-1', 'node-b@10.0.0.2 zone-1', 'node-c@10.0.0.3 zone-2 notready']);
  await eventually(() => stub.requests.filter((r) => r.path.includes('watch=1')).length, (n) => n === 1);
  stub.modify({ ...NODES[1]!, unschedulable: true });
  expect(await until(['node-a@10.0.0.1 zone-1', 'node-b@10.0.0.2 zone-1 cordoned', 'node-c@10.0.0.3 zone-2 notready'])).toEqual(['node-a@10.0.0.1 zone-1', 'node-b@10.0.0.2 zone-1 cordoned', 'node-c@10.0.0.3 zone-2 notready']);
  stub.modify(NODES[1]!);
  expect(await until(['node-a@10.0.0.1 zone-1', 'node-b@10.0.0.2 zone-1', 'node-c@10.0.0.3 zone-2 notready'])).toEqual(['node-a@10.0.0.1 zone-1', 'node-b@10.0.0.2 zone-1', 'node-c@10.0.0.3 zone-2 notready']);
  stub.remove('node-c');
  expect(await until(['node-a@10.0.0.1 zone-1', 'node-b@10.0.0.2 zone-1'])).toEqual(['node-a@10.0.0.1 zone-1', 'node-b@10.0.0.2 zone-1']);
  stub.add({ name: 'node-d', internalIp: '10.0.0.4' });
  expect(await until(['node-a@10.0.0.1 zone-1', 'node-b@10.0.0.2 zone-1', 'node-d@10.0.0.4 -'])).toEqual(['node-a@10.0.0.1 zone-1', 'node-b@10.0.0.2 zone-1', 'node-d@10.0.0.4 -']);
  // One list and one watch did all of it; every event was a refresh.
  expect({ lists: stub.lists(), watches: stub.requests.filter((r) => r.path.includes('watch=1')).length, errors: refreshes.filter((r) => r === 'error').length }).toEqual({ lists: 1, watches: 1, errors: 0 });
  const watch = new URL(stub.requests.find((r) => r.path.includes('watch=1'))!.path, 'https://x').searchParams;
  expect({ watch: watch.get('watch'), bookmarks: watch.get('allowWatchBookmarks'), resourceVersion: watch.get('resourceVersion') }).toEqual({ watch: '1', bookmarks: 'true', resourceVersion: '100' });
});

test('a watch that expires (410 Gone) lists again and picks up what changed meanwhile', async () => {
  start(serviceAccount());
  await until(['node-a@10.0.0.1 zone-1', 'node-b@10.0.0.2 zone-1', 'node-c@10.0.0.3 zone-2 notready']);
  await eventually(() => stub.requests.filter((r) => r.path.includes('watch=1')).length, (n) => n === 1);
  stub.expireHistory();
  stub.remove('node-a');
  expect(await until(['node-b@10.0.0.2 zone-1', 'node-c@10.0.0.3 zone-2 notready'])).toEqual(['node-b@10.0.0.2 zone-1', 'node-c@10.0.0.3 zone-2 notready']);
  expect(await eventually(() => stub.lists(), (n) => n === 2)).toBe(2);
  expect(lines.map((l) => JSON.parse(l).msg)).toContain('kubernetes watch expired, listing again');
  expect(refreshes.filter((r) => r === 'error')).toEqual([]);
});

test('a watch line that is not JSON is an error: counted, logged once, and the next list recovers', async () => {
  start(serviceAccount());
  await until(['node-a@10.0.0.1 zone-1', 'node-b@10.0.0.2 zone-1', 'node-c@10.0.0.3 zone-2 notready']);
  await eventually(() => stub.requests.filter((r) => r.path.includes('watch=1')).length, (n) => n === 1);
  stub.garbage('{"type":"MODIFIED","object":');
  stub.remove('node-b');
  expect(await until(['node-a@10.0.0.1 zone-1', 'node-c@10.0.0.3 zone-2 notready'])).toEqual(['node-a@10.0.0.1 zone-1', 'node-c@10.0.0.3 zone-2 notready']);
  expect({ errors: refreshes.filter((r) => r === 'error').length, lists: stub.lists() }).toEqual({ errors: 1, lists: 2 });
  expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['kubernetes discovery failed, keeping the last answer', 'kubernetes discovery answers again']);
});

test('pages through a long list with limit and continue', async () => {
  await stub.stop();
  const many = Array.from({ length: 7 }, (_, i) => ({ name: `node-${i}`, internalIp: `10.0.1.${i + 1}` }));
  stub = await KubeApiStub.start(tls, TOKEN, many, 3);
  start(serviceAccount(), { labelSelector: 'netsplit=on' });
  expect((await eventually(latest, (now) => now.length === 7)).length).toBe(7);
  const lists = stub.requests.filter((r) => !r.path.includes('watch=1')).map((r) => new URL(r.path, 'https://x').searchParams);
  expect(lists.map((q) => [q.get('limit'), q.get('continue'), q.get('labelSelector')])).toEqual([
    ['500', null, 'netsplit=on'],
    ['500', '3', 'netsplit=on'],
    ['500', '6', 'netsplit=on'],
  ]);
});

test('a refused token counts errors, keeps nothing stale and never shows the token', async () => {
  const access = { ...serviceAccount(), token: () => 'wrong-token-value' };
  start(access);
  await eventually(() => refreshes.length, (n) => n >= 1);
  expect(refreshes[0]).toBe('error');
  expect(snapshots).toEqual([]);
  expect(lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ level: 'warn', msg: 'kubernetes discovery failed, keeping the last answer', error: 'HTTP 401 (Unauthorized: Unauthorized)' })]);
  expect(lines.join('\n')).not.toContain('wrong-token-value');
  expect(lines.join('\n')).not.toContain(TOKEN);
});

test('a kubeconfig: server, CA data and a token file of its current context', async () => {
  const tokenFile = join(dir, 'kube-token');
  writeFileSync(tokenFile, TOKEN);
  const file = join(dir, 'kubeconfig.yaml');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'lab',
      clusters: [{ name: 'lab-cluster', cluster: { server: `https://127.0.0.1:${stub.port}`, 'certificate-authority-data': tls.ca.toString('base64') } }],
      users: [{ name: 'netsplit', user: { tokenFile: 'kube-token' } }],
      contexts: [{ name: 'lab', context: { cluster: 'lab-cluster', user: 'netsplit' } }],
    }),
  );
  const access = kubeconfigAccess(file);
  if (typeof access === 'string') throw new Error(access);
  start(access);
  expect(await until(['node-a@10.0.0.1 zone-1', 'node-b@10.0.0.2 zone-1', 'node-c@10.0.0.3 zone-2 notready'])).toEqual(['node-a@10.0.0.1 zone-1', 'node-b@10.0.0.2 zone-1', 'node-c@10.0.0.3 zone-2 notready']);
});

test('credential problems are named, without the secret', () => {
  expect(inClusterAccess({}, join(dir, 'serviceaccount'))).toBe('KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set: not running in a pod; set discovery.kubernetes.kubeconfig');
  expect(inClusterAccess({ KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, join(dir, 'missing'))).toBe(
    `cannot read the service account CA ${join(dir, 'missing', 'ca.crt')} (ENOENT): mount the service account token (automountServiceAccountToken: true)`,
  );
  const execFile = join(dir, 'exec.yaml');
  writeFileSync(execFile, stringify({ 'current-context': 'c', clusters: [{ name: 'k', cluster: { server: 'https://10.0.0.1' } }], users: [{ name: 'u', user: { exec: { command: 'aws' } } }], contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }] }));
  expect(kubeconfigAccess(execFile)).toBe(`${execFile}: the user of context c uses an exec or auth-provider plugin, which netsplit does not run: use a service account token (token or tokenFile) or a client certificate`);
  const noContext = join(dir, 'empty.yaml');
  writeFileSync(noContext, 'apiVersion: v1\nkind: Config\n');
  expect(kubeconfigAccess(noContext)).toBe(`${noContext} has no current-context: set one with kubectl config use-context`);
});
