/**
 * Authentication of the peer API, both ways.
 *
 * Request: `Authorization: Netsplit <requester> <unixMs> <nonce> <signature>`, an HMAC with the
 * cluster secret over the cluster, the requester, the time and a fresh random nonce. Requests
 * signed further than MAX_SKEW_MS away are refused, and each nonce is served once (F8: a captured
 * header replayed from elsewhere is refused as `replayed`).
 *
 * Response: `X-Netsplit-Signature`, over the cluster, the serving node, the requester, the
 * request's nonce and a digest of the exact body bytes (F1: a server that answers in a peer's
 * place, or a replayed answer, fails). Signed with the serving node's Ed25519 key when per-node
 * keys are configured, else with the cluster secret (which then only keeps out non-members).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { signMessage, verifyMessage } from './node-keys';

export const MAX_SKEW_MS = 60_000;
const SCHEME = 'Netsplit';
export const RESPONSE_SIGNATURE_HEADER = 'x-netsplit-signature';
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

function sign(secret: Buffer, cluster: string, requester: string, at: number, nonce: string): Buffer {
  return createHmac('sha256', secret).update(`view ${cluster} ${requester} ${at} ${nonce}`).digest();
}

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function viewAuthorization(secret: Buffer, cluster: string, requester: string, nowMs: number, nonce = newNonce()): string {
  const at = Math.round(nowMs);
  return `${SCHEME} ${requester} ${at} ${nonce} ${sign(secret, cluster, requester, at, nonce).toString('base64url')}`;
}

export type ViewAuthResult = { ok: true; requester: string; nonce: string } | { ok: false; reason: 'unauthenticated' | 'bad_signature' | 'stale' };

/** Checks the header; whether the nonce was used before is the caller's (NonceCache). */
export function verifyViewAuthorization(header: string | undefined, secret: Buffer, cluster: string, nowMs: number): ViewAuthResult {
  if (header === undefined) return { ok: false, reason: 'unauthenticated' };
  const parts = header.trim().split(/\s+/);
  if (parts.length !== 5 || parts[0] !== SCHEME || !/^\d{1,16}$/.test(parts[2]!) || !NONCE.test(parts[3]!)) return { ok: false, reason: 'unauthenticated' };
  const [, requester, atText, nonce, mac] = parts as [string, string, string, string, string];
  const at = Number(atText);
  const given = Buffer.from(mac, 'base64url');
  const expected = sign(secret, cluster, requester, at, nonce);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  if (Math.abs(nowMs - at) > MAX_SKEW_MS) return { ok: false, reason: 'stale' };
  return { ok: true, requester, nonce };
}

/** The nonce of a request header (already verified by the server; read back by the requester). */
export function nonceOf(header: string): string {
  return header.trim().split(/\s+/)[3] ?? '';
}

/** How a response is signed and checked: the serving node's key pair, or the shared secret. */
export type ResponseKey = { kind: 'ed25519'; key: KeyObject } | { kind: 'hmac'; secret: Buffer };

function responseMessage(cluster: string, server: string, requester: string, nonce: string, body: Buffer): Buffer {
  const digest = createHash('sha256').update(body).digest('base64url');
  return Buffer.from(`nsview1 ${cluster} ${server} ${requester} ${nonce} ${digest}`, 'latin1');
}

export function signResponse(key: ResponseKey, cluster: string, server: string, requester: string, nonce: string, body: Buffer): string {
  const message = responseMessage(cluster, server, requester, nonce, body);
  return key.kind === 'ed25519' ? signMessage(key.key, message) : createHmac('sha256', key.secret).update(message).digest('base64url');
}

export function verifyResponse(key: ResponseKey, cluster: string, server: string, requester: string, nonce: string, body: Buffer, signature: string): boolean {
  const message = responseMessage(cluster, server, requester, nonce, body);
  if (key.kind === 'ed25519') return verifyMessage(key.key, message, signature);
  const expected = createHmac('sha256', key.secret).update(message).digest();
  const given = Buffer.from(signature, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
