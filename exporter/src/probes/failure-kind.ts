/**
 * One vocabulary for why a database probe failed, whatever the driver threw: the socket error
 * code first (what the network did), then the database's own words. Pure.
 */
import type { ProbeFailureKind } from './replication-model';

const BY_CODE: Readonly<Record<string, ProbeFailureKind>> = {
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  ECONNRESET: 'error',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  // PostgreSQL SQLSTATEs and MySQL error names for refused credentials.
  '28P01': 'auth',
  '28000': 'auth',
  ER_ACCESS_DENIED_ERROR: 'auth',
  ER_DBACCESS_DENIED_ERROR: 'auth',
  PROTOCOL_SEQUENCE_TIMEOUT: 'timeout',
  // HTTP admin APIs (http-get.ts): a refused token or certificate identity, another server on the port.
  HTTP_401: 'auth',
  HTTP_403: 'auth',
  WRONG_CONTENT_TYPE: 'wrong_server',
  TOKEN_UNREADABLE: 'auth',
  // Node's certificate verification codes: a TLS problem, not the network's.
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  CERT_HAS_EXPIRED: 'tls',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'tls',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'tls',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'tls',
};

const CERTIFICATE_WORDS = /certificate|self[- ]signed|unable to verify|altnames|unknown ca/i;

/** `wordsForWrongServer`: what this driver says when another protocol answers on the port. */
export function failureKind(error: unknown, wordsForWrongServer: RegExp): ProbeFailureKind {
  const { code, message } = describe(error);
  const byCode = code === undefined ? undefined : BY_CODE[code];
  if (byCode !== undefined) return byCode;
  // Some drivers (mysql2) pass on Node's certificate error with its words but not its code.
  if (CERTIFICATE_WORDS.test(message)) return 'tls';
  if (wordsForWrongServer.test(message)) return 'wrong_server';
  if (/timed? ?out|timeout/i.test(message)) return 'timeout';
  if (/password|authentication|NOAUTH|WRONGPASS|access denied/i.test(message)) return 'auth';
  return 'error';
}

export function describe(error: unknown): { code?: string; message: string } {
  // Duck typing, not instanceof: errors from Node's core and from a test sandbox are different realms.
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const code = (error as { code?: unknown }).code;
    const members = (error as { errors?: unknown }).errors;
    // AggregateError (Node's happy eyeballs) hides the reason in its first member.
    const inner = Array.isArray(members) && members.length > 0 ? describe(members[0]) : undefined;
    const message = String((error as { message: unknown }).message);
    return { code: typeof code === 'string' ? code : inner?.code, message: message === '' && inner ? inner.message : message };
  }
  return { message: String(error) };
}
