/**
 * The dedicated listener of the mode API (`mode.listen`): loopback or a Unix socket beside the
 * applications, with the same web config (TLS, basic auth) as the main listener. Only the mode
 * routes are served there.
 */
import { connect } from 'node:net';
import { unlink } from 'node:fs/promises';
import Koa from 'koa';
import type { Listen } from '../config/address';
import type { Logger } from '../log';
import { startWebServer, type WebServer } from '../server/web-server';
import type { ModeState } from './mode-state';
import { modeRouter } from './mode-routes';

export async function startModeListener(state: ModeState, options: { listen: Listen; keepaliveMs: number; webConfigFile: string | undefined; log: Logger }): Promise<WebServer> {
  const app = new Koa();
  const router = modeRouter(state, options.keepaliveMs);
  app.use(router.routes()).use(router.allowedMethods());
  if ('path' in options.listen) await removeStaleSocket(options.listen.path);
  return startWebServer(app, options.listen, options.webConfigFile, options.log);
}

/** A socket file left by a process that died holds the path; one that answers is another agent's. */
async function removeStaleSocket(path: string): Promise<void> {
  const answers = await new Promise<boolean>((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  if (!answers) await unlink(path).catch(() => undefined);
}
