/**
 * The HTTP(S) server of the agent with exporter-toolkit's web configuration: TLS with the
 * client-certificate policies, basic auth and extra headers. The certificate files and the web
 * config are polled for changes and reloaded in place (cert-manager rotates them); a broken new
 * version is logged and the running one kept. Switching TLS on or off, or between no client
 * certificate and asking for one, needs a restart (those are listening-socket settings).
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { unwatchFile, watchFile } from 'node:fs';
import type { TLSSocket } from 'node:tls';
import type Koa from 'koa';
import type { Listen } from '../config/address';
import type { Logger } from '../log';
import { BasicAuth } from './basic-auth';
import { loadWebConfig, type WebConfig } from './web-config';

/** Paths that have their own authentication (the peer API signs requests; see view-auth.ts). */
const OWN_AUTH_PATHS = new Set(['/api/v1/view']);
const POLL_MS = 2000;

export interface WebServer {
  server: Server | HttpsServer;
  /** The TLS material peers use to pull views (client certificate, CA), current after reloads. */
  current(): WebConfig | undefined;
  close(): Promise<void>;
}

/** Koa middleware: headers on every answer; basic auth on everything but the peer API. */
export function webMiddleware(state: () => { headers: Record<string, string>; auth: BasicAuth }): Koa.Middleware {
  return async (ctx, next) => {
    const { headers, auth } = state();
    for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
    if (auth.enabled && !OWN_AUTH_PATHS.has(ctx.path)) {
      const result = await auth.check(ctx.get('authorization') || undefined);
      if (result !== 'ok') {
        ctx.status = 401;
        ctx.set('WWW-Authenticate', 'Basic realm="netsplit"');
        ctx.body = 'Unauthorized\n';
        return;
      }
    }
    await next();
  };
}

export async function startWebServer(app: Koa, listen: Listen, webConfigFile: string | undefined, log: Logger): Promise<WebServer> {
  let config: WebConfig | undefined;
  if (webConfigFile !== undefined) {
    const loaded = loadWebConfig(webConfigFile);
    if (!loaded.ok) throw new Error(`web config: ${loaded.problems.join('; ')}`);
    config = loaded.config;
  }
  let auth = new BasicAuth(config?.users ?? {});
  app.middleware.unshift(webMiddleware(() => ({ headers: config?.headers ?? {}, auth })));

  const tls = config?.tls;
  const server: Server | HttpsServer =
    tls === undefined
      ? createHttpServer(app.callback())
      : createHttpsServer(
          {
            cert: tls.cert,
            key: tls.key,
            ...(tls.ca === undefined ? {} : { ca: tls.ca }),
            minVersion: tls.minVersion,
            requestCert: tls.clientAuth !== 'NoClientCert',
            // RequireAndVerifyClientCert fails the handshake itself; the softer policies are checked below.
            rejectUnauthorized: tls.clientAuth === 'RequireAndVerifyClientCert',
          },
          app.callback(),
        );
  if (tls !== undefined) {
    server.on('secureConnection', (socket: TLSSocket) => {
      const policy = config?.tls?.clientAuth ?? 'NoClientCert';
      const presented = Object.keys(socket.getPeerCertificate() ?? {}).length > 0;
      const refuse =
        (policy === 'RequireAnyClientCert' && !presented) ||
        (policy === 'VerifyClientCertIfGiven' && presented && !socket.authorized) ||
        (policy === 'RequireAndVerifyClientCert' && !socket.authorized);
      if (refuse) socket.destroy();
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const listening = () => {
      server.off('error', reject);
      resolve();
    };
    if ('path' in listen) server.listen(listen.path, listening);
    else server.listen(listen.port, listen.host, listening);
  });

  const watched = new Set<string>();
  const reload = () => {
    const loaded = loadWebConfig(webConfigFile!);
    if (!loaded.ok) {
      log.error('web config not reloaded, keeping the running one', { problems: loaded.problems });
      return;
    }
    if ((loaded.config.tls === undefined) !== (tls === undefined)) {
      log.error('web config not reloaded: switching TLS on or off needs a restart', { file: webConfigFile });
      return;
    }
    const next = loaded.config;
    if (next.tls !== undefined) {
      (server as HttpsServer).setSecureContext({ cert: next.tls.cert, key: next.tls.key, ...(next.tls.ca === undefined ? {} : { ca: next.tls.ca }), minVersion: next.tls.minVersion });
    }
    config = next;
    auth = new BasicAuth(next.users);
    watch(next.files);
    log.info('web config reloaded', { file: webConfigFile, tls: next.tls !== undefined, users: Object.keys(next.users).length });
  };
  const watch = (files: readonly string[]) => {
    for (const file of files) {
      if (watched.has(file)) continue;
      watched.add(file);
      // Polling, not inotify: a Kubernetes Secret volume swaps a symlinked directory, which stat sees.
      watchFile(file, { interval: POLL_MS }, (now, before) => {
        if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || now.ino !== before.ino) reload();
      });
    }
  };
  if (config !== undefined) watch(config.files);

  return {
    server,
    current: () => config,
    close: async () => {
      for (const file of watched) unwatchFile(file);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
