/**
 * The local mode API (docs/api.md § Partition mode): `GET /api/v1/mode` answers this node's mode
 * as JSON; `GET /api/v1/mode/stream` is a Server-Sent Events stream that sends the mode at once,
 * every change the moment the evaluation makes it, and a keepalive comment every `keepaliveMs` so
 * a client notices a dead agent (no byte for 2.5 keepalives: treat the mode as unknown).
 */
import { PassThrough } from 'node:stream';
import Router from '@koa/router';
import type { ModeSnapshot, ModeState } from './mode-state';

export const MODE_PATH = '/api/v1/mode';
export const MODE_STREAM_PATH = '/api/v1/mode/stream';

export function modeEvent(snapshot: ModeSnapshot): string {
  return `event: mode\nid: ${snapshot.version}\ndata: ${JSON.stringify(snapshot)}\n\n`;
}

export function modeRouter(state: ModeState, keepaliveMs: number): Router {
  const router = new Router();
  router.get(MODE_PATH, (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ...state.snapshot(), keepaliveSeconds: keepaliveMs / 1000 };
  });
  router.get(MODE_STREAM_PATH, (ctx) => {
    const stream = new PassThrough();
    // A stream lives as long as its client: no socket timeout, no buffering on the way.
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Accel-Buffering', 'no');
    ctx.type = 'text/event-stream';
    ctx.status = 200;
    ctx.body = stream;
    stream.write(`retry: 1000\n: keepalive every ${keepaliveMs} ms\n\n`);
    stream.write(modeEvent(state.snapshot()));
    const unsubscribe = state.subscribe((snapshot) => stream.write(modeEvent(snapshot)));
    const keepalive = setInterval(() => stream.write(': keepalive\n\n'), keepaliveMs);
    const end = () => {
      clearInterval(keepalive);
      unsubscribe();
      stream.end();
    };
    ctx.req.on('close', end);
    ctx.res.on('close', end);
  });
  return router;
}
