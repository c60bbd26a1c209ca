/**
 * Pulls one peer's view over HTTP with a hard deadline and a size limit. Every failure becomes a
 * result, never an exception: a bad peer must not take the agent down.
 */
import { request, type Agent } from 'node:http';
import type { HostPort } from '../config/address';
import type { ViewRejectReason } from '../metrics/registry';
import { withDeadline } from '../probes/deadline';
import { MAX_VIEW_BYTES, validatePeerView, type PeerView } from './view-codec';

export type PullResult =
  | { ok: true; view: PeerView; rttSeconds: number }
  | { ok: false; result: 'timeout' | 'refused' | 'error'; detail: string }
  | { ok: false; result: 'rejected'; reason: ViewRejectReason; detail: string };

export interface PullOptions {
  address: HostPort;
  authorization: string;
  cluster: string;
  timeoutMs: number;
  agent: Agent;
  maxBytes?: number;
}

export function pullView(options: PullOptions): Promise<PullResult> {
  const start = process.hrtime.bigint();
  return withDeadline<PullResult>(
    options.timeoutMs,
    (signal) =>
      new Promise<PullResult>((resolve) => {
        const req = request(
          { host: options.address.host, port: options.address.port, path: '/api/v1/view', method: 'GET', agent: options.agent, signal, headers: { authorization: options.authorization, accept: 'application/json' } },
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
            res.on('end', () => resolve(parse(Buffer.concat(chunks), options.cluster, rttSeconds)));
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

function parse(body: Buffer, cluster: string, rttSeconds: number): PullResult {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, result: 'rejected', reason: 'malformed', detail: 'not JSON' };
  }
  const validated = validatePeerView(json);
  if (!validated.ok) return { ok: false, result: 'rejected', reason: 'malformed', detail: validated.detail };
  if (validated.view.cluster !== cluster) return { ok: false, result: 'rejected', reason: 'wrong_cluster', detail: `cluster ${validated.view.cluster}` };
  return { ok: true, view: validated.view, rttSeconds };
}
