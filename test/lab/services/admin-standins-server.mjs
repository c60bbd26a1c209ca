// Stand-ins for the three systems that cannot run on the lab's hosts (no Debian package, no
// binary on the npm registry): a Kubernetes API server, a Consul server and an Envoy proxy's
// admin API, each answering in the real wire format built from the vendored fixtures
// (exporter/test/fixtures/<system>/, sources and licences in the README beside them).
//
// What they model (docs/architecture.md § Stand-ins), from one fact they measure themselves —
// which peers' service port (8080) they can connect to, checked every 200 ms:
//   - Consul: a server names the lowest-addressed server it reaches as leader while it reaches a
//     quorum of the servers, "" otherwise; without a leader the leader-forwarded raft
//     configuration fails with Consul's "No cluster leader"; serf lists unreachable peers failed.
//   - Envoy: an upstream cluster's hosts are ejected (failed_outlier_check) while unreachable;
//     its cx breaker is open while none of its hosts is reachable.
//   - Kubernetes: the healthy /readyz?verbose answer, on the host given as the API server.
// Plain JavaScript so it starts in milliseconds inside a namespace.
//
//   node admin-standins.mjs <name> <address> <peer>=<address>[,…] <apiserver host name> <upstream>=<host>+<host>[,…]
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect, createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';

const PORTS = { service: 8080, consul: 8500, envoy: 15000, apiserver: 6443 };
const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'exporter', 'test', 'fixtures');
const fixture = (system, file) => readFileSync(join(FIXTURES, system, file), 'utf8');

const [name, address, peerList, apiserverHost, upstreamList] = process.argv.slice(2);
const peers = peerList.split(',').map((p) => p.split('=')).map(([peer, peerAddress]) => ({ name: peer, address: peerAddress }));
const upstreams = (upstreamList ?? '')
  .split(',')
  .filter(Boolean)
  .map((u) => u.split('='))
  .map(([upstream, hosts]) => ({ name: upstream, hosts: hosts.split('+').map((h) => peers.find((p) => p.name === h)) }));

// ── reachability: TCP connect to every peer's service port ──────────────────────────────────
// A peer counts as unreachable once its checks have failed for UNREACHABLE_AFTER_MS in a row (a
// raft follower likewise waits out its heartbeat timeout, about a second), and as reachable again
// at its first answer: one slow connect on a loaded machine is not a cut.
const CHECK_TIMEOUT_MS = 500;
const UNREACHABLE_AFTER_MS = 1000;
const reachable = new Map(peers.map((p) => [p.name, true]));
const failingSince = new Map();
const connectFailures = new Map(upstreams.map((u) => [u.name, 0]));
function check(peer) {
  return new Promise((resolve) => {
    const socket = connect({ host: peer.address, port: PORTS.service });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(CHECK_TIMEOUT_MS, () => done(false));
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}
let measuring = false;
async function measure() {
  if (measuring) return; // a slow round delays the next instead of piling up
  measuring = true;
  const results = await Promise.all(peers.map(async (p) => [p, p.name === name ? true : await check(p)]));
  const now = Date.now();
  for (const [peer, ok] of results) {
    if (ok) failingSince.delete(peer.name);
    else if (!failingSince.has(peer.name)) failingSince.set(peer.name, now);
    reachable.set(peer.name, ok || now - failingSince.get(peer.name) < UNREACHABLE_AFTER_MS);
    if (!ok) for (const u of upstreams) if (u.hosts.includes(peer)) connectFailures.set(u.name, connectFailures.get(u.name) + 1);
  }
  measuring = false;
}
setInterval(measure, 200);
createTcpServer((socket) => socket.end()).listen(PORTS.service, address);

// ── Consul server ───────────────────────────────────────────────────────────────────────────
const raftTemplate = JSON.parse(fixture('consul', 'operator-raft-configuration.json'));
const memberTemplate = JSON.parse(fixture('consul', 'agent-members.json'))[0];
const byAddress = (a, b) => a.address.split('.').map(Number).reduce((d, part, i) => d || part - Number(b.address.split('.')[i]), 0);
function leader() {
  const reached = peers.filter((p) => reachable.get(p.name));
  if (reached.length < Math.floor(peers.length / 2) + 1) return '';
  return `${[...reached].sort(byAddress)[0].address}:8300`;
}
function consul(path) {
  const current = leader();
  switch (path) {
    case '/v1/status/leader':
      return json(JSON.stringify(current));
    case '/v1/status/peers':
      return json(JSON.stringify(peers.map((p) => `${p.address}:8300`)));
    case '/v1/operator/raft/configuration':
      if (current === '') return { status: 500, type: 'text/plain; charset=utf-8', body: fixture('consul', 'no-cluster-leader.txt') };
      return json(
        JSON.stringify({
          ...raftTemplate,
          Servers: peers.map((p) => ({ ...raftTemplate.Servers[0], ID: `standin-${p.name}`, Node: p.name, Address: `${p.address}:8300`, Leader: `${p.address}:8300` === current, Voter: true })),
        }),
      );
    case '/v1/agent/members':
      return json(JSON.stringify(peers.map((p) => ({ ...memberTemplate, Name: p.name, Addr: p.address, Status: reachable.get(p.name) ? 1 : 4 }))));
    default:
      return undefined;
  }
}

// ── Envoy admin API ─────────────────────────────────────────────────────────────────────────
const clustersTemplate = JSON.parse(fixture('envoy', 'clusters-healthy.json')).cluster_statuses[0];
const BREAKERS = ['cx', 'cx_pool', 'rq', 'rq_pending', 'rq_retry'];
function envoy(path) {
  if (path === '/clusters?format=json') {
    const statuses = upstreams.map((u) => ({
      ...clustersTemplate,
      name: u.name,
      observability_name: u.name,
      host_statuses: u.hosts.map((h) => ({
        ...clustersTemplate.host_statuses[0],
        address: { socket_address: { address: h.address, port_value: PORTS.service } },
        health_status: reachable.get(h.name) ? { eds_health_status: 'HEALTHY' } : { failed_outlier_check: true, eds_health_status: 'HEALTHY' },
      })),
    }));
    return json(JSON.stringify({ cluster_statuses: statuses }));
  }
  if (path.startsWith('/stats?format=json')) {
    const stats = upstreams.flatMap((u) => {
      const down = u.hosts.filter((h) => !reachable.get(h.name)).length;
      return [
        ...BREAKERS.map((b) => ({ name: `cluster.${u.name}.circuit_breakers.default.${b}_open`, value: b === 'cx' && down === u.hosts.length ? 1 : 0 })),
        { name: `cluster.${u.name}.outlier_detection.ejections_active`, value: down },
        { name: `cluster.${u.name}.upstream_cx_connect_fail`, value: connectFailures.get(u.name) },
        { name: `cluster.${u.name}.upstream_rq_pending_overflow`, value: 0 },
      ];
    });
    return json(JSON.stringify({ stats: [...stats, { histograms: { supported_quantiles: [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100], computed_quantiles: [] } }] }));
  }
  return undefined;
}

// ── Kubernetes API server ───────────────────────────────────────────────────────────────────
function apiserver(path) {
  if (path === '/readyz?verbose') return { status: 200, type: 'text/plain; charset=utf-8', body: fixture('kubernetes', 'readyz-healthy.txt') };
  if (path === '/livez') return { status: 200, type: 'text/plain; charset=utf-8', body: fixture('kubernetes', 'livez.txt') };
  return undefined;
}

function json(body) {
  return { status: 200, type: 'application/json', body };
}

function serve(port, answer) {
  return new Promise((resolve) => {
    createServer((req, res) => {
      const found = answer(req.url ?? '/');
      if (found === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
        return;
      }
      res.writeHead(found.status, { 'content-type': found.type }).end(found.body);
    }).listen(port, address, resolve);
  });
}

await measure();
await Promise.all([serve(PORTS.consul, consul), serve(PORTS.envoy, envoy), ...(apiserverHost === name ? [serve(PORTS.apiserver, apiserver)] : [])]);
console.log(JSON.stringify({ msg: 'admin stand-ins ready', node: name }));
const shutdown = () => process.exit(0);
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
