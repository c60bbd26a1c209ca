// Sends datagrams that must never count as heartbeats, paced so the receiver's socket buffer
// does not drop them (every one must reach the agent's verifier). Prints a JSON summary of what
// it sent, by the rejection reason each kind must produce.
//
//   node garbage-sender.mjs <address> <port> <cluster> <sender name> <count per kind>
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';

const [address, portText, cluster, sender, countText] = process.argv.slice(2);
const port = Number(portText);
const perKind = Number(countText);
const now = () => Date.now();
// The signature is checked before the recipient: any name gives the same rejections.
const recipient = 'anyone';

const kinds = {
  // Not the ns2 wire format at all (random bytes never start with "ns2 ").
  malformed: (i) => Buffer.concat([Buffer.from('xx'), randomBytes(16 + (i % 32))]),
  // Larger than any heartbeat may be.
  oversized: () => Buffer.alloc(600, 'a'),
  // A well-formed heartbeat without its signature.
  unsigned: (i) => Buffer.from(`ns2 ${cluster} ${sender} ${recipient} 1 ${i + 1} ${now()} 0`),
  // A well-formed heartbeat signed with a key nobody has.
  bad_signature: (i) => Buffer.from(`ns2 ${cluster} ${sender} ${recipient} 1 ${i + 1} ${now()} 0 ${randomBytes(32).toString('base64url')}`),
  // Fields that are not numbers.
  malformed_fields: () => Buffer.from(`ns2 ${cluster} ${sender} ${recipient} one two three 0 ${randomBytes(32).toString('base64url')}`),
};

const socket = createSocket('udp4');
const queue = [];
for (const [kind, make] of Object.entries(kinds)) for (let i = 0; i < perKind; i++) queue.push([kind, make(i)]);
const sent = {};
let next = 0;
const sendBatch = () => {
  for (let k = 0; k < 10 && next < queue.length; k++, next++) {
    const [kind, datagram] = queue[next];
    socket.send(datagram, port, address);
    sent[kind] = (sent[kind] ?? 0) + 1;
  }
  if (next < queue.length) setTimeout(sendBatch, 10);
  else setTimeout(() => {
    console.log(JSON.stringify({ msg: 'sent', sent, total: queue.length }));
    socket.close();
  }, 50);
};
sendBatch();
