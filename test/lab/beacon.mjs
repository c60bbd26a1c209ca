// A stand-in for the agent, used to check the nemesis itself: it sends a UDP datagram to every
// peer every 50 ms and serves, over HTTP, whom it heard and how long ago. Plain JavaScript so it
// starts in milliseconds inside a namespace.
//
//   node beacon.mjs <name> <address> <port> <peer>=<address>[,<peer>=<address>…]
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';

const [name, address, portText, peerList] = process.argv.slice(2);
const port = Number(portText);
const peers = (peerList ?? '').split(',').filter(Boolean).map((p) => p.split('='));
const heardAt = new Map();

const socket = createSocket('udp4');
socket.on('message', (message) => {
  const sender = message.toString('utf8');
  if (peers.some(([peer]) => peer === sender)) heardAt.set(sender, Date.now());
});
socket.bind(port, address, () => {
  setInterval(() => {
    for (const [peer, peerAddress] of peers) if (peer !== name) socket.send(name, port, peerAddress);
  }, 50);
});

const server = createServer((_req, res) => {
  const now = Date.now();
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ node: name, heardMsAgo: Object.fromEntries([...heardAt].map(([peer, at]) => [peer, now - at])) }));
});
server.listen(port, address, () => console.log(JSON.stringify({ msg: 'beacon ready', node: name })));
const shutdown = () => {
  socket.close();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
