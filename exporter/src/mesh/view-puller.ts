/**
 * Pulls one peer's view over HTTP with a hard deadline and a size limit. Every failure becomes a
 * result, never an exception: a bad peer must not take the agent down.
 */
import { request, type Agent } from 'node:http';
import { request as requestTls } from 'node:https';
import type { HostPort } from '../config/address';
import type { ViewRejectReason } from './rejections';
import { withDeadline } from '../probes/deadline';
import { MAX_VIEW_BYTES, validatePeerView, type HeldMembership, type PeerView } from './view-codec';
import { RESPONSE_SIGNATURE_HEADER, nonceOf, verifyResponse, type ResponseKey } from './view-auth';

/** The `result` label of netsplit_view_pulls_total. */
export const VIEW_PULL_RESULTS = ['ok', 'timeout', 'refused', 'error', 'rejected'] as const;

export type PullResult =
  | { ok: true; view: PeerView; rttSeconds: number; /** The response body's size. */ bytes: number }
  | { ok: false; result: 'timeout' | 'refused' | 'error'; detail: string }
  | { ok: false; result: 'rejected'; reason: ViewRejectReason; detail: string };

export interface PullOptions {
  address: HostPort;
  authorization: string;
  cluster: string;
  /** Who asks (named in the authorization) and whom: the response must be signed for exactly this pair. */
  requester: string;
  server: string;
  /** The server's public key (per-node keys) or the shared secret. */
  responseKey: ResponseKey;
  timeoutMs: number;
  agent: Agent;
  /** https (the agent is then an https.Agent with the cluster CA). */
  secure?: boolean;
  maxBytes?: number;
  /**
   * Ask for the delta after this cursor (empty: everything, in the delta form). Undefined asks for
   * the full view. A server from before delta views ignores it and answers in full (version 1).
   */
  since?: string;
  /** The membership the cursor's server sent last: a delta without a member list refers to it. */
  held?: HeldMembership;
}

export function pullView(options: PullOptions): Promise<PullResult> {
  const start = process.hrtime.bigint();
  return withDeadline<PullResult>(
    options.timeoutMs,
    (signal) =>
      new Promise<PullResult>((resolve) => {
        const req = (options.secure === true ? requestTls : request)(
          { host: options.address.host, port: options.address.port, path: options.since === undefined ? '/api/v1/view' : `/api/v1/view?since=${encodeURIComponent(options.since)}`, method: 'GET', agent: options.agent, signal, headers: { authorization: options.authorization, accept: 'application/json' } },
          (res) => {
            const rttSeconds = Number(process.hrtime.bigint() - start) / 1e9;
            if (res.statusCode !== 200) {
              res.resume();
              resolve({ ok: false, result: 'error', detail: `HTTP ${res.statusCode}` });
              return;
            }
            const limit = options.maxBytes ?? MAX_VIEW_BYTES;
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > limit) {
                res.destroy();
                resolve({ ok: false, result: 'rejected', reason: 'oversized', detail: `view larger than ${limit} bytes` });
                return;
              }
              chunks.push(chunk);
            });
            res.on('error', (error) => resolve({ ok: false, result: 'error', detail: error.message }));
            const signature = res.headers[RESPONSE_SIGNATURE_HEADER];
            res.on('end', () => resolve(authenticate(Buffer.concat(chunks), typeof signature === 'string' ? signature : undefined, options, rttSeconds)));
          },
        );
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (error.name === 'AbortError') return; // the deadline resolves
          resolve({ ok: false, result: error.code === 'ECONNREFUSED' ? 'refused' : 'error', detail: error.code ?? error.message });
        });
        req.end();
      }),
    () => ({ ok: false, result: 'timeout', detail: `no answer within ${options.timeoutMs}ms` }),
  );
}

/** The body is checked against the signature before it is parsed: unauthenticated bytes are never read. */
function authenticate(body: Buffer, signature: string | undefined, options: PullOptions, rttSeconds: number): PullResult {
  if (signature === undefined) return { ok: false, result: 'rejected', reason: 'unsigned_response', detail: `no ${RESPONSE_SIGNATURE_HEADER} header` };
  if (!verifyResponse(options.responseKey, options.cluster, options.server, options.requester, nonceOf(options.authorization), body, signature)) {
    return { ok: false, result: 'rejected', reason: 'bad_response_signature', detail: `the response is not signed by ${options.server} for this request` };
  }
  return parse(body, options.cluster, rttSeconds, options.held);
}

function parse(body: Buffer, cluster: string, rttSeconds: number, held: HeldMembership | undefined): PullResult {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, result: 'rejected', reason: 'malformed', detail: 'not JSON' };
  }
  const validated = validatePeerView(json, held);
  if (!validated.ok) return { ok: false, result: 'rejected', reason: 'malformed', detail: validated.detail };
  if (validated.view.cluster !== cluster) return { ok: false, result: 'rejected', reason: 'wrong_cluster', detail: `cluster ${validated.view.cluster}` };
  return { ok: true, view: validated.view, rttSeconds, bytes: body.length };
}
