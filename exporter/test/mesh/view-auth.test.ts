import { generateKeyPairSync } from 'node:crypto';
import { NonceCache } from '../../src/mesh/nonce-cache';
import { signResponse, verifyResponse, viewAuthorization, verifyViewAuthorization, type ResponseKey } from '../../src/mesh/view-auth';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const NOW = 1_795_680_000_000;

describe('view authorization', () => {
  it('accepts its own header within a minute', () => {
    const header = viewAuthorization(secret, 'prod', 'n2', NOW, 'nonce-0123456789abcdef');
    expect(header.startsWith('Netsplit n2 1795680000000 nonce-0123456789abcdef ')).toBe(true);
    expect(verifyViewAuthorization(header, secret, 'prod', NOW + 59_000)).toEqual({ ok: true, requester: 'n2', nonce: 'nonce-0123456789abcdef' });
    expect(verifyViewAuthorization(header.replace('nonce-0123456789abcdef', 'nonce-0123456789abcdeF'), secret, 'prod', NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('makes a fresh nonce per header, and the cache serves each nonce once (F8)', () => {
    const a = viewAuthorization(secret, 'prod', 'n2', NOW);
    const b = viewAuthorization(secret, 'prod', 'n2', NOW);
    expect(a).not.toBe(b);
    const cache = new NonceCache(120_000);
    expect([cache.firstUse('x1', NOW), cache.firstUse('x1', NOW + 1000), cache.firstUse('x2', NOW + 1000)]).toEqual([true, false, true]);
    expect(cache.firstUse('x3', NOW + 120_500)).toBe(true);
    expect(cache.size).toBe(2); // x1 forgotten (its header is stale by now), x2 and x3 kept
  });

  it('binds a response to the requester, its nonce, the server and the exact body (F1), with a node key or the secret', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const body = Buffer.from('{"rows":[]}');
    for (const [signing, checking] of [
      [{ kind: 'ed25519', key: privateKey }, { kind: 'ed25519', key: publicKey }],
      [{ kind: 'hmac', secret }, { kind: 'hmac', secret }],
    ] as [ResponseKey, ResponseKey][]) {
      const sig = signResponse(signing, 'prod', 'n1', 'n2', 'nonce-a', body);
      expect(verifyResponse(checking, 'prod', 'n1', 'n2', 'nonce-a', body, sig)).toBe(true);
      expect(verifyResponse(checking, 'prod', 'n1', 'n2', 'nonce-b', body, sig)).toBe(false);
      expect(verifyResponse(checking, 'prod', 'n3', 'n2', 'nonce-a', body, sig)).toBe(false);
      expect(verifyResponse(checking, 'prod', 'n1', 'n3', 'nonce-a', body, sig)).toBe(false);
      expect(verifyResponse(checking, 'prod', 'n1', 'n2', 'nonce-a', Buffer.from('{"rows":[1]}'), sig)).toBe(false);
      expect(verifyResponse(checking, 'prod', 'n1', 'n2', 'nonce-a', body, 'AAAA')).toBe(false);
    }
  });

  it('refuses missing, foreign, tampered and stale headers', () => {
    const header = viewAuthorization(secret, 'prod', 'n2', NOW);
    expect(verifyViewAuthorization(undefined, secret, 'prod', NOW)).toEqual({ ok: false, reason: 'unauthenticated' });
    expect(verifyViewAuthorization('Bearer abc', secret, 'prod', NOW)).toEqual({ ok: false, reason: 'unauthenticated' });
    expect(verifyViewAuthorization(header, secret, 'staging', NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyViewAuthorization(header.replace(' n2 ', ' n3 '), secret, 'prod', NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyViewAuthorization(header, Buffer.from('another-secret-of-32-bytes-long!'), 'prod', NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyViewAuthorization(header, secret, 'prod', NOW + 61_000)).toEqual({ ok: false, reason: 'stale' });
  });
});
