/**
 * One bounded HTTP(S) GET for the drivers that speak an HTTP admin API (Kubernetes API server,
 * Consul, Envoy). It only speaks HTTP: the runner owns the deadline and aborts through `signal`,
 * which destroys the socket, so a server that accepts and never answers costs one probe deadline
 * and leaves no connection behind.
 *
 * Secrets: request headers (a bearer token, an ACL token) never appear in an error message; the
 * errors name the path, the status and the content type only. The body is capped: a hostile or
 * runaway answer is cut at `maxBytes` and refused, never buffered whole.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ClientTls } from '../config/load';
import { tlsFailure } from './tls-failure';

export interface HttpAnswer {
  status: number;
  /** The media type without parameters, lower case ('' when the server sent none). */
  contentType: string;
  body: string;
}

export interface HttpGetOptions {
  signal: AbortSignal;
  /** Sent as is; never echoed into errors. */
  headers?: Readonly<Record<string, string>>;
  tls?: ClientTls;
  /** Answers longer than this are refused (default 4 MiB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** An HTTP status that is not an answer; `code` is HTTP_<status> so the failure kinds can map 401/403 to auth. */
export class HttpStatusError extends Error {
  readonly code: string;
  constructor(
    readonly status: number,
    path: string,
    detail: string,
  ) {
    super(`${path}: HTTP ${status}${detail === '' ? '' : ` (${detail})`}`);
    this.code = `HTTP_${status}`;
  }
}

/** The answer is not in the format the driver asked for (wrong content type, malformed, truncated). */
export class AnswerFormatError extends Error {
  readonly code: string;
  constructor(message: string, code: 'BAD_ANSWER' | 'WRONG_CONTENT_TYPE' = 'BAD_ANSWER') {
    super(message);
    this.code = code;
  }
}

/**
 * Runs `work` with a signal that is aborted when `signal` is, and in any case once `work` is
 * done: a probe that fails on its first answer (a 401, a malformed body) must not leave its other
 * requests hanging on a blackholed server after the runner has its result.
 */
export async function withRequests<T>(signal: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const requests = new AbortController();
  const abort = () => requests.abort();
  signal.addEventListener('abort', abort, { once: true });
  if (signal.aborted) requests.abort();
  try {
    return await work(requests.signal);
  } finally {
    signal.removeEventListener('abort', abort);
    requests.abort();
  }
}

/** GET `url`; resolves with any status (the driver decides what a status means). */
export function httpGet(url: URL, options: HttpGetOptions): Promise<HttpAnswer> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  const tls = options.tls;
  const https = url.protocol === 'https:';
  return new Promise<HttpAnswer>((resolve, reject) => {
    if (options.signal.aborted) {
      reject(new Error(`${url.pathname}: aborted before the request`));
      return;
    }
    const send = https ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json, text/plain;q=0.9', ...options.headers },
        // One connection per request: a pooled socket to a blackholed server would outlive the probe.
        agent: false,
        signal: options.signal,
        ...(https && tls !== undefined
          ? { ca: tls.ca, ...(tls.cert === undefined ? {} : { cert: tls.cert }), ...(tls.key === undefined ? {} : { key: tls.key }), ...(tls.serverName === undefined ? {} : { servername: tls.serverName }) }
          : {}),
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            reject(new AnswerFormatError(`${url.pathname}: answer longer than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('aborted', () => reject(new AnswerFormatError(`${url.pathname}: answer truncated (connection closed mid-body)`)));
        res.on('error', (error: Error) => reject(truncatedOr(error, url.pathname)));
        res.on('end', () => {
          if (!res.complete) {
            reject(new AnswerFormatError(`${url.pathname}: answer truncated (connection closed mid-body)`));
            return;
          }
          const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
          resolve({ status: res.statusCode ?? 0, contentType: type, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('error', (error: Error) => reject(truncatedOr(error, url.pathname)));
    req.end();
  });
}

/** Node reports a body cut short as "aborted" or ECONNRESET after the headers: say so in our words. */
function truncatedOr(error: Error, path: string): Error {
  if (error.message === 'aborted') return new AnswerFormatError(`${path}: answer truncated (connection closed mid-body)`);
  return error;
}

/** The body as JSON of an answer that must be 200 with a JSON content type; else a clear error. */
export function jsonOf(answer: HttpAnswer, path: string, secrets: readonly string[] = []): unknown {
  if (answer.status !== 200) throw new HttpStatusError(answer.status, path, redact(firstLine(answer.body), secrets));
  if (answer.contentType !== 'application/json') throw wrongContentType(answer, path, 'application/json');
  try {
    return JSON.parse(answer.body) as unknown;
  } catch (error) {
    throw new AnswerFormatError(`${path}: malformed JSON (${(error as Error).message})`);
  }
}

export function wrongContentType(answer: HttpAnswer, path: string, expected: string): AnswerFormatError {
  return new AnswerFormatError(`${path}: expected ${expected}, got ${answer.contentType === '' ? 'no content type' : answer.contentType}`, 'WRONG_CONTENT_TYPE');
}

/** Every occurrence of a secret replaced: a server may echo a token back in its error body. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('<redacted>');
  return out;
}

/**
 * A TLS failure's message with what to fix (the CA file that did not sign the server, the
 * missing or refused client certificate), as etcd's probe words it; other failures unchanged.
 */
export function withTlsHint<F extends { kind: string; message: string }>(failure: F, url: URL, tls: ClientTls | undefined, key: string): F {
  if (failure.kind !== 'tls') return failure;
  const hint = tlsFailure([failure.message], url.origin, tls, `set ${key}.tls.caFile to the CA that signed the server's certificate`);
  return hint === undefined ? failure : { ...failure, message: hint };
}

/** The first line of a body, short, for an error message (servers put their reason there). */
export function firstLine(body: string): string {
  const line = body.split('\n', 1)[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
