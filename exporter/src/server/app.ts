/** The HTTP surface: /metrics, /healthz, /readyz and the authenticated /api/v1/view. */
import Koa from 'koa';
import Router from '@koa/router';
import type { WireDelta, WireView } from '../mesh/view-codec';
import { RESPONSE_SIGNATURE_HEADER, signResponse, verifyViewAuthorization, type ResponseKey } from '../mesh/view-auth';
import type { NonceCache } from '../mesh/nonce-cache';
import type { ViewRejectReason } from '../mesh/rejections';

export interface AppDeps {
  /** Fills the gauges and renders the exposition. */
  scrape: () => Promise<string>;
  contentType: string;
  isReady: () => boolean;
  view: () => WireView;
  /** The rows changed after a cursor (`?since=`; empty for a first pull): what agents pull from each other. */
  delta: (since: string) => WireDelta;
  secret: Buffer;
  cluster: string;
  /** Insecure mode serves the view to anyone (there is no secret to check). */
  insecure: boolean;
  onRejected: (reason: ViewRejectReason) => void;
  /** A route failed (the client got a 500): without a listener Koa writes a stack trace to stderr, outside the JSON log. */
  onError?: (error: Error, path: string | undefined) => void;
  wallNow?: () => number;
  /** This agent's name: responses are signed for the requester as coming from it. */
  self: string;
  /** Signs view responses: the node's Ed25519 key, or the shared secret. */
  responseKey: ResponseKey;
  /** Request nonces already served: each Authorization header works once. */
  nonces: NonceCache;
}

export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  const router = new Router();
  const wallNow = deps.wallNow ?? Date.now;

  router.get('/metrics', async (ctx) => {
    ctx.set('Content-Type', deps.contentType);
    ctx.body = await deps.scrape();
  });
  router.get('/healthz', (ctx) => {
    ctx.body = 'ok\n';
  });
  router.get('/readyz', (ctx) => {
    const ready = deps.isReady();
    ctx.status = ready ? 200 : 503;
    ctx.body = ready ? 'ready\n' : 'warming up: waiting for the first full round\n';
  });
  router.get('/api/v1/view', (ctx) => {
    const header = ctx.get('authorization') || undefined;
    const auth = header === undefined && deps.insecure ? undefined : verifyViewAuthorization(header, deps.secret, deps.cluster, wallNow());
    const refusal = auth === undefined ? undefined : !auth.ok ? auth.reason : deps.nonces.firstUse(auth.nonce, wallNow()) ? undefined : 'replayed';
    if (refusal !== undefined && !deps.insecure) {
      deps.onRejected(refusal);
      ctx.status = 401;
      ctx.set('WWW-Authenticate', 'Netsplit');
      ctx.body = { error: `unauthorized (${refusal}): sign each request with the cluster secret and a fresh nonce; see docs/api.md` };
      return;
    }
    // `since` asks for the delta (version 2); without it, the full view with the verdict (version
    // 1), as agents before delta views ask and as operators read it.
    const since = ctx.query.since;
    const view = typeof since === 'string' ? deps.delta(since) : deps.view();
    const body = Buffer.from(JSON.stringify(view), 'utf8');
    // Bound to this request's nonce: a fake or replayed answer fails the requester's check (F1).
    if (auth?.ok === true && refusal === undefined) ctx.set(RESPONSE_SIGNATURE_HEADER, signResponse(deps.responseKey, deps.cluster, deps.self, auth.requester, auth.nonce, body));
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'application/json';
    ctx.body = body;
  });
  app.use(router.routes()).use(router.allowedMethods());
  const onError = deps.onError;
  // Like Koa's default handler, client errors (404, errors meant for the client) are not ours to log.
  if (onError) {
    app.on('error', (error: Error & { status?: number; expose?: boolean }, ctx?: { path?: string }) => {
      if (error.status === 404 || error.expose === true) return;
      onError(error, ctx?.path);
    });
  }
  return app;
}
