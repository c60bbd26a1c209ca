import { viewAuthorization, verifyViewAuthorization } from '../../src/mesh/view-auth';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const NOW = 1_795_680_000_000;

describe('view authorization', () => {
  it('accepts its own header within a minute', () => {
    const header = viewAuthorization(secret, 'prod', 'n2', NOW);
    expect(header.startsWith('Netsplit n2 1795680000000 ')).toBe(true);
    expect(verifyViewAuthorization(header, secret, 'prod', NOW + 59_000)).toEqual({ ok: true, requester: 'n2' });
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
