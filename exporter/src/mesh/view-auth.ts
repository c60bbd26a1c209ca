/**
 * Authentication of the peer API: `Authorization: Netsplit <requester> <unixMs> <signature>`,
 * an HMAC over the cluster, the requester and the time. Requests older or newer than
 * MAX_SKEW_MS are refused, so a captured header is useless a minute later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MAX_SKEW_MS = 60_000;
const SCHEME = 'Netsplit';

function sign(secret: Buffer, cluster: string, requester: string, at: number): Buffer {
  return createHmac('sha256', secret).update(`view ${cluster} ${requester} ${at}`).digest();
}

export function viewAuthorization(secret: Buffer, cluster: string, requester: string, nowMs: number): string {
  const at = Math.round(nowMs);
  return `${SCHEME} ${requester} ${at} ${sign(secret, cluster, requester, at).toString('base64url')}`;
}

export type ViewAuthResult = { ok: true; requester: string } | { ok: false; reason: 'unauthenticated' | 'bad_signature' | 'stale' };

export function verifyViewAuthorization(header: string | undefined, secret: Buffer, cluster: string, nowMs: number): ViewAuthResult {
  if (header === undefined) return { ok: false, reason: 'unauthenticated' };
  const parts = header.trim().split(/\s+/);
  if (parts.length !== 4 || parts[0] !== SCHEME || !/^\d{1,16}$/.test(parts[2]!)) return { ok: false, reason: 'unauthenticated' };
  const [, requester, atText, mac] = parts as [string, string, string, string];
  const at = Number(atText);
  const given = Buffer.from(mac, 'base64url');
  const expected = sign(secret, cluster, requester, at);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  if (Math.abs(nowMs - at) > MAX_SKEW_MS) return { ok: false, reason: 'stale' };
  return { ok: true, requester };
}
