/** The HTTP surface: /metrics, /healthz, /readyz and the authenticated /api/v1/view. */
import Koa from 'koa';
import Router from '@koa/router';
import type { WireView } from '../mesh/view-codec';
import { verifyViewAuthorization } from '../mesh/view-auth';
import type { ViewRejectReason } from '../metrics/registry';

export interface AppDeps {
  /** Fills the gauges and renders the exposition. */
  scrape: () => Promise<string>;
  contentType: string;
  isReady: () => boolean;
  view: () => WireView;
  secret: Buffer;
  cluster: string;
  /** Insecure mode serves the view to anyone (there is no secret to check). */
  insecure: boolean;
  onRejected: (reason: ViewRejectReason) => void;
  /** A route failed (the client got a 500): without a listener Koa writes a stack trace to stderr, outside the JSON log. */
  onError?: (error: Error, path: string | undefined) => void;
  wallNow?: () => number;
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
    if (!deps.insecure) {
      const auth = verifyViewAuthorization(ctx.get('authorization') || undefined, deps.secret, deps.cluster, wallNow());
      if (!auth.ok) {
        deps.onRejected(auth.reason);
        ctx.status = 401;
        ctx.set('WWW-Authenticate', 'Netsplit');
        ctx.body = { error: `unauthorized (${auth.reason}): sign the request with the cluster secret; see docs/api.md` };
        return;
      }
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.body = deps.view();
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
