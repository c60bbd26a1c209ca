/**
 * Opt-in routing labels (`routing.nodeLabels`): the agent that writes for the side with quorum
 * (analysis/routing-labels.ts) puts `netsplit.io/partition=majority|minority|isolated` and
 * `netsplit.io/partition-since=<unix seconds>` on every Node object during a partition and removes
 * them on heal, so a Service selector or an admission policy can route to the majority — the
 * runbook's `kubectl patch service … {"selector":{"partition":"majority"}}`, done by the side
 * that knows. A node's label is written once it has wanted the same value for `settleMs` (the
 * freshness window: by then a stopped node's row has aged out, so a cut passes through no
 * intermediate labels), one merge patch per node whose label changed; every write is logged and
 * counted. Writes run one at a time; a newer verdict waits for the running one.
 */
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Counter, Gauge } from 'prom-client';
import { routingPlan, type PartitionLabel } from '../analysis/routing-labels';
import type { NodeName, Verdict } from '../analysis/types';
import type { KubeAccess } from '../discovery/kube-access';
import type { Logger } from '../log';

export const PARTITION_LABEL = 'netsplit.io/partition';
export const PARTITION_SINCE_LABEL = 'netsplit.io/partition-since';
const WRITE_TIMEOUT_MS = 5000;

export interface NodeLabeller {
  /** After every evaluation; cheap when nothing changed. */
  update(verdict: Verdict | undefined): void;
}

export interface NodeLabellerDeps {
  access: KubeAccess;
  members(): readonly NodeName[];
  log: Logger;
  writes: Counter<'result'>;
  writer: Gauge;
  /** How long a node's wanted label must hold before it is written. */
  settleMs: number;
  wallNow?: () => number;
  monotonic?: () => number;
}

export function createNodeLabeller(deps: NodeLabellerDeps): NodeLabeller {
  const wallNow = deps.wallNow ?? Date.now;
  const monotonic = deps.monotonic ?? (() => performance.now());
  /** Per node: the value wanted and since when, until it is written. */
  const wanting = new Map<NodeName, { value: string; since: number }>();
  /** What this agent last wrote per node ("" = labels removed); forgotten when it stops being the writer. */
  const written = new Map<NodeName, string>();
  let splitSince: number | undefined;
  let pending: Verdict | undefined;
  let running: Promise<void> | undefined;

  async function apply(verdict: Verdict): Promise<void> {
    const plan = routingPlan(verdict, deps.members());
    deps.writer.set(plan.writer ? 1 : 0);
    const split = [...plan.labels.values()].some((label) => label !== null);
    if (!split) splitSince = undefined;
    else splitSince ??= Math.floor(wallNow() / 1000);
    if (!plan.writer) {
      // Another agent writes; if this one becomes the writer again it writes every node once.
      written.clear();
      wanting.clear();
      return;
    }
    const now = monotonic();
    for (const [node, label] of plan.labels) {
      const wanted = label === null ? '' : (label as string);
      if (written.get(node) === wanted) {
        wanting.delete(node);
        continue;
      }
      const held = wanting.get(node);
      if (held === undefined || held.value !== wanted) {
        wanting.set(node, { value: wanted, since: now });
        continue;
      }
      if (now - held.since < deps.settleMs) continue;
      wanting.delete(node);
      const ok = await patchLabels(node, label, splitSince);
      deps.writes.inc({ result: ok ? 'ok' : 'error' });
      if (ok) written.set(node, wanted);
    }
  }

  function patchLabels(node: NodeName, label: PartitionLabel | null, since: number | undefined): Promise<boolean> {
    const labels = label === null ? { [PARTITION_LABEL]: null, [PARTITION_SINCE_LABEL]: null } : { [PARTITION_LABEL]: label, [PARTITION_SINCE_LABEL]: String(since) };
    const body = JSON.stringify({ metadata: { labels } });
    const { access } = deps;
    const token = access.token();
    const secure = access.server.protocol === 'https:';
    return new Promise((resolve) => {
      const done = (ok: boolean, detail: string) => {
        if (ok) deps.log.info('node labelled', { node, partition: label, since: since ?? null });
        else deps.log.warn('node label write failed', { node, partition: label, error: detail });
        resolve(ok);
      };
      const req = (secure ? httpsRequest : httpRequest)(
        new URL(`/api/v1/nodes/${encodeURIComponent(node)}`, access.server),
        {
          method: 'PATCH',
          headers: { 'content-type': 'application/merge-patch+json', accept: 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
          ...(secure ? { ca: access.ca, cert: access.cert, key: access.key, rejectUnauthorized: !access.skipVerify } : {}),
        },
        (response) => {
          response.resume();
          response.on('end', () => done(response.statusCode === 200, `HTTP ${response.statusCode ?? '?'}`));
        },
      );
      req.setTimeout(WRITE_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${WRITE_TIMEOUT_MS} ms`)));
      req.on('error', (error) => done(false, error.message));
      req.end(body);
    });
  }

  async function drain(): Promise<void> {
    while (pending !== undefined) {
      const verdict = pending;
      pending = undefined;
      await apply(verdict);
    }
    running = undefined;
  }

  return {
    update(verdict) {
      if (verdict === undefined) return;
      pending = verdict;
      running ??= drain();
    },
  };
}
