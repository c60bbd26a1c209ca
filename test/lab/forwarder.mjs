// Runs inside a host's namespace (plain JavaScript: it must start in milliseconds, without tsx).
// Listens on a unix socket in the lab directory - unix sockets are not bound to a network
// namespace - and pipes every connection to an address that exists only inside this namespace.
//
//   node forwarder.mjs <socket path> <host> <port>
import { createServer, connect } from 'node:net';
import { rmSync } from 'node:fs';

const [socketPath, host, portText] = process.argv.slice(2);
const port = Number(portText);
if (!socketPath || !host || !Number.isInteger(port)) {
  console.error('usage: forwarder.mjs <socket path> <host> <port>');
  process.exit(2);
}

const server = createServer((client) => {
  const upstream = connect({ host, port });
  // A frozen or partitioned agent must not pin connections forever: the caller's deadline
  // closes its side, and that closes ours.
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  client.pipe(upstream).pipe(client);
});

rmSync(socketPath, { force: true });
server.listen(socketPath, () => console.log(JSON.stringify({ msg: 'forwarding', socket: socketPath, to: `${host}:${port}` })));
const shutdown = () => server.close(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
