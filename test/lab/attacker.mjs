// The attacks of docs/security.md, run inside a lab host's namespace (plain JavaScript: it must start in
// milliseconds, without tsx). Uses the built exporter's codecs only where the attacker would
// hold what they need (the evil member has the cluster secret and its own node key).
//
//   node attacker.mjs relay <bind address> <port> <only from address> <to address> <to port>
//   node attacker.mjs fake-view <bind address> <port> <cluster> <members,comma,separated>
//   node attacker.mjs mitm-view <bind address> <port> <upstream address> <upstream port>
//   node attacker.mjs evil-member <bind address> <port> <cluster> <self> <secret file> <key file> <peers JSON [{name,address,port}]>
//
// Every event is one JSON line on stdout, so the test can count exactly what was attempted.
import { createSocket } from 'node:dgram';
import { createServer, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dist = (path) => require(`../../exporter/dist/mesh/${path}.js`);
const [mode, bindAddress, portText, ...rest] = process.argv.slice(2);
const port = Number(portText);
const say = (event) => console.log(JSON.stringify(event));
process.on('SIGTERM', () => process.exit(0));
const MAX = Number.MAX_SAFE_INTEGER;

if (mode === 'relay') {
  // F2: heartbeats captured on their way to this host, sent on to another peer from here.
  const [fromAddress, toAddress, toPort] = rest;
  const socket = createSocket('udp4');
  let total = 0;
  socket.on('message', (datagram, from) => {
    if (from.address !== fromAddress) return;
    socket.send(datagram, Number(toPort), toAddress, () => say({ msg: 'relayed', total: ++total }));
  });
  socket.bind(port, bindAddress, () => say({ msg: 'listening', mode }));
} else if (mode === 'fake-view' || mode === 'mitm-view') {
  // F1: what answers when TCP to a peer is redirected here. F8: the headers it sees are captured.
  const server = createServer((req, res) => {
    say({ msg: 'request', authorization: req.headers.authorization ?? null });
    if (mode === 'fake-view') {
      const [cluster, membersText] = rest;
      const members = membersText.split(',');
      const rows = members.map((origin) => ({ origin, epoch: MAX, seq: MAX, ageMs: 0, inbound: 'd'.repeat(members.length) }));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ version: 1, cluster, node: members[1], epoch: MAX, members, ready: true, rows, verdict: null }));
      return;
    }
    const [upstreamAddress, upstreamPort] = rest;
    const upstream = request({ host: upstreamAddress, port: Number(upstreamPort), path: req.url, method: 'GET', headers: { authorization: req.headers.authorization ?? '' } }, (answer) => {
      const chunks = [];
      answer.on('data', (c) => chunks.push(c));
      answer.on('end', () => {
        let body = Buffer.concat(chunks).toString('utf8');
        try {
          const view = JSON.parse(body);
          // Every link towards anyone but the server reads down; the signature header is passed on as it was.
          if (view.version === 2) {
            // A delta: every row's runs read down, and a forged refresh claims the first member's row is new.
            for (const row of view.rows ?? []) row[4] = row[4].replace(/u/g, 'd');
            view.refresh = [...(view.refresh ?? []), [0, MAX, 0, '0']];
          } else {
            for (const row of view.rows ?? []) if (row.origin !== view.node) row.inbound = row.inbound.replace(/u/g, 'd');
          }
          body = JSON.stringify(view);
        } catch {
          // not a view (401): passed on unchanged
        }
        for (const [name, value] of Object.entries(answer.headers)) if (name !== 'content-length' && value !== undefined) res.setHeader(name, value);
        res.statusCode = answer.statusCode ?? 502;
        // Said once the altered answer is handed over whole: a requester that gave up first (its
        // view timeout, on a loaded machine) never got it and cannot have refused it.
        res.on('finish', () => say({ msg: 'answered' }));
        res.end(body);
      });
    });
    upstream.on('error', () => res.destroy());
    upstream.end();
  });
  server.listen(port, bindAddress, () => say({ msg: 'listening', mode }));
  stoppable(server);
} else if (mode === 'evil-member') {
  // F4: a member gone bad, with the cluster secret and its own node key, speaking for the others.
  const [cluster, self, secretFile, keyFile, peersJson] = rest;
  const { encodeHeartbeat } = dist('heartbeat-codec');
  const { membersDigest, signRow } = dist('row-signature');
  const { nonceOf, signResponse } = dist('view-auth');
  const { parsePrivateKey } = dist('node-keys');
  const secret = Buffer.from(readFileSync(secretFile, 'utf8').trim(), 'utf8');
  const key = parsePrivateKey(readFileSync(keyFile, 'utf8'));
  const peers = JSON.parse(peersJson);
  const members = [...peers.map((p) => p.name), self].sort();
  const digest = membersDigest(members);
  const epoch = Date.now();
  const started = performance.now();
  const socket = createSocket('udp4');
  let seq = 0;
  const served = {};
  socket.bind(port, bindAddress, () => {
    setInterval(() => {
      seq++;
      for (const peer of peers) socket.send(encodeHeartbeat({ cluster, sender: self, recipient: peer.name, epoch, seq, sentAt: Date.now(), echo: 0 }, secret), peer.port, peer.address);
    }, 250);
    say({ msg: 'listening', mode });
  });
  const server = createServer((req, res) => {
    const header = req.headers.authorization ?? '';
    const requester = header.split(/\s+/)[1] ?? '';
    const all = 'u'.repeat(members.length);
    const ownSeq = Math.floor(performance.now() - started);
    const rows = members.map((origin, i) => {
      // Its own row is its own to sign. The others' rows are forged, signed with the only key it
      // has: every other one with the F4 values (epoch = seq = 2^53-1), the rest plausible (a
      // recent epoch, a small seq), which only the signature gives away.
      const down = 'd'.repeat(members.length);
      const fields =
        origin === self
          ? { cluster, members: digest, origin, epoch, seq: ownSeq, states: all }
          : i % 2 === 0
            ? { cluster, members: digest, origin, epoch: MAX, seq: MAX, states: down }
            : { cluster, members: digest, origin, epoch: Date.now() - 5000, seq: 1000, states: down };
      return { origin, epoch: fields.epoch, seq: fields.seq, ageMs: 0, inbound: fields.states, sig: signRow(key, fields) };
    });
    const body = Buffer.from(JSON.stringify({ version: 1, cluster, node: self, epoch, members, ready: true, rows, verdict: null }));
    res.setHeader('x-netsplit-signature', signResponse({ kind: 'ed25519', key }, cluster, self, requester, nonceOf(header), body));
    res.setHeader('content-type', 'application/json');
    res.end(body);
    served[requester] = (served[requester] ?? 0) + 1;
    say({ msg: 'served', served });
  });
  server.listen(port, bindAddress);
  stoppable(server);
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}

/** On SIGTERM, answers in flight are finished first: the test counts what was served exactly. */
function stoppable(server) {
  process.removeAllListeners('SIGTERM');
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
