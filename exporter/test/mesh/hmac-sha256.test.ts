import { createHmac } from 'node:crypto';
import { HmacSha256 } from '../../src/mesh/hmac-sha256';

/** Deterministic bytes (a linear congruential generator): a failure names a reproducible case. */
function bytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('HMAC-SHA256 with precomputed pads', () => {
  it('matches RFC 4231 test case 2 (short key "Jefe")', () => {
    const mac = new HmacSha256(Buffer.from('Jefe'));
    expect(mac.digest(Buffer.from('what do ya want for nothing?')).toString('hex')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('matches RFC 4231 test case 6 (a 131-byte key, hashed first; a 54-byte message)', () => {
    const mac = new HmacSha256(Buffer.alloc(131, 0xaa));
    expect(mac.digest(Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First')).toString('hex')).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });

  it('gives node:crypto\'s bytes for every message length from 0 to 300 and keys of 1 to 100 bytes', () => {
    let mismatches = 0;
    for (const keyLength of [1, 16, 32, 33, 63, 64, 65, 100]) {
      const key = bytes(keyLength, keyLength);
      const mac = new HmacSha256(key);
      for (let length = 0; length <= 300; length++) {
        const message = bytes(length, length * 7919 + keyLength);
        if (!mac.digest(message).equals(createHmac('sha256', key).update(message).digest())) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('signs a slice of a larger buffer and writes at an offset, leaving the rest alone', () => {
    const key = bytes(32, 1);
    const message = bytes(200, 2);
    const out = Buffer.alloc(40, 0xee);
    new HmacSha256(key).sign(message, 10, 150, out, 4);
    expect(out.subarray(4, 36).equals(createHmac('sha256', key).update(message.subarray(10, 150)).digest())).toBe(true);
    expect([...out.subarray(0, 4), ...out.subarray(36)]).toEqual([0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee]);
  });
});
