/**
 * The floor under the soak: what the soak's datagram traffic alone costs a Node process on this
 * machine. A process that does nothing but send a fixed 128-byte datagram to each of N peer
 * sockets every 500 ms and read N datagrams per 500 ms from them (the peers send in 10 slices,
 * as the soak's do) — no signing, no parsing, no views. Same peer count parameter as the soak
 * (BENCH_SOAK_PEERS), measured for BENCH_SOAK_SECONDS after 10 s.
 *
 * The agent's CPU in the soak minus this is what netsplit itself costs; on loopback both include
 * the kernel's receive work for the datagrams sent, which a real network charges to the receiver.
 */
import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchRow } from './harness';
import { cpuSeconds } from './process-stats';

const PEERS = Math.min(999, Math.max(1, Number(process.env.BENCH_SOAK_PEERS ?? 200)));
const INTERVAL_MS = 500;
const SLICES = 10;
const WARMUP_SECONDS = 10;

/** The measured process: plain JavaScript, run with `node -e`; reads the peer ports from stdin. */
const SENDER = `
const dgram = require('node:dgram');
let input = '';
process.stdin.on('data', (chunk) => (input += chunk)).on('end', () => {
  const ports = JSON.parse(input);
  const socket = dgram.createSocket({ type: 'udp4', lookup: (address, family, callback) => callback(null, address, 4) });
  socket.on('message', () => {});
  socket.bind(0, '127.0.0.1', () => {
    process.stdout.write(String(socket.address().port) + '\\n');
    const datagram = Buffer.alloc(128, 0x61);
    setInterval(() => { for (const port of ports) socket.send(datagram, port, '127.0.0.1'); }, ${INTERVAL_MS});
  });
});
`;

export async function run(seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 60)): Promise<BenchRow[]> {
  const peers: Socket[] = [];
  for (let i = 0; i < PEERS; i++) {
    const socket = createSocket('udp4');
    socket.on('message', () => {});
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    peers.push(socket);
  }
  const sender = spawn(process.execPath, ['-e', SENDER], { stdio: ['pipe', 'pipe', 'inherit'] });
  sender.stdin.end(JSON.stringify(peers.map((socket) => socket.address().port)));
  const senderPort = await new Promise<number>((resolve) => sender.stdout.once('data', (line: Buffer) => resolve(Number(line.toString().trim()))));
  const datagram = Buffer.alloc(128, 0x62);
  let slice = 0;
  const beat = setInterval(() => {
    for (let i = slice; i < peers.length; i += SLICES) peers[i]!.send(datagram, senderPort, '127.0.0.1');
    slice = (slice + 1) % SLICES;
  }, INTERVAL_MS / SLICES);
  try {
    await sleep(WARMUP_SECONDS * 1000);
    const cpuStart = cpuSeconds(sender.pid!);
    const started = process.hrtime.bigint();
    await sleep(seconds * 1000);
    const share = ((cpuSeconds(sender.pid!) - cpuStart) / (Number(process.hrtime.bigint() - started) / 1e9)) * 100;
    return [{ bench: 'udp-floor', case: `bare Node datagrams, ${PEERS} peers at ${INTERVAL_MS}ms (${PEERS} out, ${PEERS} in per interval), ${seconds}s`, unit: '% of a core', median: share, min: share, max: share, samples: 1, target: '(the soak minus this is netsplit)' }];
  } finally {
    clearInterval(beat);
    sender.kill('SIGTERM');
    await new Promise((resolve) => sender.once('exit', resolve));
    for (const socket of peers) socket.close();
  }
}
