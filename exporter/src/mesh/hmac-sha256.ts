/**
 * HMAC-SHA256 (RFC 2104 over FIPS 180-4) for many short messages under one key: the key's inner
 * and outer pad blocks are hashed once, so a heartbeat costs two or three compressions and no
 * allocation. node:crypto's `createHmac` gives the same bytes but builds an OpenSSL context per
 * call, which was most of a heartbeat's signing cost at 1000 peers (4000 MACs a second).
 *
 * Tested byte for byte against node:crypto on random keys and messages of every length that
 * matters (test/mesh/hmac-sha256.test.ts). SHA-256 has no secret-indexed table and no
 * data-dependent branch, so this is as constant-time as the arithmetic of the engine.
 */
import { createHash } from 'node:crypto';

const BLOCK_BYTES = 64;
export const MAC_BYTES = 32;

const ROUND_CONSTANTS = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL_STATE = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** The message schedule, shared: compress() runs to completion, nothing interleaves. */
const schedule = new Int32Array(64);

/** One SHA-256 compression of the 64-byte block at `offset` into `state`. */
function compress(state: Int32Array, bytes: Uint8Array, offset: number): void {
  const w = schedule;
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4;
    w[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + ROUND_CONSTANTS[i]! + w[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

function writeState(state: Int32Array, out: Uint8Array, offset: number): void {
  for (let i = 0; i < 8; i++) {
    const word = state[i]!;
    out[offset + i * 4] = word >>> 24;
    out[offset + i * 4 + 1] = word >>> 16;
    out[offset + i * 4 + 2] = word >>> 8;
    out[offset + i * 4 + 3] = word;
  }
}

/** The length trailer of the last block: the message length in bits, big-endian (lengths here stay far below 2^32 bits). */
function writeBitLength(block: Uint8Array, end: number, bytes: number): void {
  const bits = bytes * 8;
  block[end - 4] = bits >>> 24;
  block[end - 3] = bits >>> 16;
  block[end - 2] = bits >>> 8;
  block[end - 1] = bits;
}

export class HmacSha256 {
  private readonly innerStart = new Int32Array(8);
  private readonly outerStart = new Int32Array(8);
  private readonly state = new Int32Array(8);
  /** The padded message tail (grows to the longest message signed) and the outer block. */
  private tail = new Uint8Array(4 * BLOCK_BYTES);
  private readonly outerBlock = new Uint8Array(BLOCK_BYTES);

  constructor(key: Uint8Array) {
    // RFC 2104: a key longer than a block is hashed first.
    const block = new Uint8Array(BLOCK_BYTES);
    block.set(key.length > BLOCK_BYTES ? createHash('sha256').update(key).digest() : key);
    const pad = new Uint8Array(BLOCK_BYTES);
    for (const [start, byte] of [
      [this.innerStart, 0x36],
      [this.outerStart, 0x5c],
    ] as const) {
      for (let i = 0; i < BLOCK_BYTES; i++) pad[i] = block[i]! ^ byte;
      start.set(INITIAL_STATE);
      compress(start, pad, 0);
    }
    // The outer hash always takes the 32-byte inner hash after its pad block: its padding is fixed.
    this.outerBlock[MAC_BYTES] = 0x80;
    writeBitLength(this.outerBlock, BLOCK_BYTES, BLOCK_BYTES + MAC_BYTES);
  }

  /** Writes the MAC of `message[start, end)` to `out` at `outOffset` (32 bytes). */
  sign(message: Uint8Array, start: number, end: number, out: Uint8Array, outOffset = 0): void {
    const length = end - start;
    // Whole blocks straight from the message, the rest (and padding) through `tail`.
    const whole = length >> 6;
    const state = this.state;
    state.set(this.innerStart);
    for (let b = 0; b < whole; b++) compress(state, message, start + b * BLOCK_BYTES);
    const rest = length - whole * BLOCK_BYTES;
    const tailBytes = rest + 9 > BLOCK_BYTES ? 2 * BLOCK_BYTES : BLOCK_BYTES;
    if (this.tail.length < tailBytes) this.tail = new Uint8Array(tailBytes);
    const tail = this.tail;
    tail.fill(0, 0, tailBytes);
    tail.set(message.subarray(start + whole * BLOCK_BYTES, end));
    tail[rest] = 0x80;
    writeBitLength(tail, tailBytes, BLOCK_BYTES + length);
    for (let offset = 0; offset < tailBytes; offset += BLOCK_BYTES) compress(state, tail, offset);
    writeState(state, this.outerBlock, 0);
    state.set(this.outerStart);
    compress(state, this.outerBlock, 0);
    writeState(state, out, outOffset);
  }

  /** The MAC of a whole message as a new Buffer. */
  digest(message: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(MAC_BYTES);
    this.sign(message, 0, message.length, out);
    return out;
  }
}
