#!/usr/bin/env node
/**
 * netsplit-exporter --config netsplit.yaml [--check-config] | --version | --help
 * --version prints the version and the commit the build came from (dist/build-info.json).
 * Exit codes: 0 ok, 2 bad config or usage, 1 failed to start.
 * Signals: SIGTERM/SIGINT stop; SIGHUP reloads the config (supervisor.ts); SIGUSR1 is ignored.
 */
import { parseArgs } from 'node:util';
import { loadConfigFile } from './config/load';
import { createLogger } from './log';
import { readBuildInfo, VERSION, versionLine } from './version';
import { viewAuthorization } from './mesh/view-auth';
import { writeNodeKey } from './mesh/key-file';
import { loadWebConfig } from './server/web-config';
import { resolve as resolvePath } from 'node:path';

const USAGE = `Usage: netsplit-exporter --config FILE [--check-config]
       netsplit-exporter --config FILE --view-auth   (prints an Authorization header for /api/v1/view, valid once within 60 s)
       netsplit-exporter --config FILE --web.config.file WEBFILE   (TLS, basic auth and headers, exporter-toolkit's format)
       netsplit-exporter --gen-key FILE              (writes a new Ed25519 private key for keyFile, prints its publicKey)
       netsplit-exporter --version | --help   (--version: the version and the commit it was built from)

Runs one netsplit agent: signed heartbeats to every peer, the partition verdict as Prometheus
metrics on /metrics and as JSON on /api/v1/view. NETSPLIT_SECRET overrides secretFile.
SIGHUP reloads the config file (a file with problems keeps the running config).
Configuration reference: docs/configuration.md`;

export interface Args {
  config?: string;
  checkConfig: boolean;
  viewAuth: boolean;
  genKey?: string;
  webConfigFile?: string;
  version: boolean;
  help: boolean;
}

/** The arguments, or the reason they are wrong (unknown option, missing value). */
export function parseCliArgs(argv: readonly string[]): Args | string {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string', short: 'c' },
        'check-config': { type: 'boolean', default: false },
        'view-auth': { type: 'boolean', default: false },
        'gen-key': { type: 'string' },
        'web.config.file': { type: 'string' },
        version: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    return {
      config: values.config,
      checkConfig: values['check-config'],
      viewAuth: values['view-auth'],
      genKey: values['gen-key'],
      webConfigFile: values['web.config.file'],
      version: values.version,
      help: values.help,
    };
  } catch (error) {
    return (error as Error).message;
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  // Node opens its inspector on 127.0.0.1:9229 on SIGUSR1 unless a listener is installed: a
  // signal anyone with kill rights could send must not hand out a debugger on a production agent.
  let onUsr1 = () => {};
  process.on('SIGUSR1', () => onUsr1());
  // SIGHUP's default action ends the process (exit 129); until the agent runs it is ignored.
  let onHup = () => {};
  process.on('SIGHUP', () => onHup());
  const args = parseCliArgs(argv);
  if (typeof args === 'string') {
    console.error(`${args}\n`);
    console.error(USAGE);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.version) {
    console.log(versionLine(VERSION, readBuildInfo(__dirname)));
    return 0;
  }
  if (args.genKey !== undefined) {
    const written = writeNodeKey(args.genKey);
    if (!written.ok) {
      console.error(written.problem);
      return 2;
    }
    console.log(`publicKey: ${written.publicKey}`);
    return 0;
  }
  if (args.config === undefined) {
    console.error('missing --config FILE\n');
    console.error(USAGE);
    return 2;
  }
  const loaded = loadConfigFile(args.config);
  if (!loaded.ok) {
    console.error(`${args.config}: ${loaded.problems.length} problem(s) in the config:`);
    for (const problem of loaded.problems) console.error(`  - ${problem}`);
    return 2;
  }
  const config = args.webConfigFile === undefined ? loaded.config : { ...loaded.config, webConfigFile: resolvePath(args.webConfigFile) };
  if (config.webConfigFile !== undefined) {
    // Checked here too so that --check-config covers it (problems name keys and files, never values).
    const web = loadWebConfig(config.webConfigFile);
    if (!web.ok) {
      console.error(`${config.webConfigFile}: ${web.problems.length} problem(s) in the web config:`);
      for (const problem of web.problems) console.error(`  - ${problem}`);
      return 2;
    }
  }
  if (args.checkConfig) {
    for (const warning of loaded.warnings) console.error(`${args.config}: warning: ${warning}`);
    console.log(`${args.config}: ok (cluster ${config.cluster}, node ${config.node}, ${config.peers.length} peers)`);
    return 0;
  }
  if (args.viewAuth) {
    console.log(viewAuthorization(config.secret, config.cluster, config.node, Date.now()));
    return 0;
  }
  let supervisor;
  try {
    // Loaded only to run: the agent pulls in Koa and every database client, which --check-config
    // does not need (it must answer at once, hostile files included).
    const { supervise } = await import('./supervisor.js');
    supervisor = await supervise(config);
  } catch (error) {
    createLogger({ cluster: config.cluster, node: config.node }, config.logLevel).error('cannot start', { error: (error as Error).message });
    return 1;
  }
  const running = supervisor;
  for (const warning of loaded.warnings) running.log().warn('config', { warning });
  onUsr1 = () => running.log().info('signal ignored', { signal: 'SIGUSR1', reason: 'the Node inspector stays closed on a running agent' });
  return new Promise<number>((resolve) => {
    const shutdown = (signal: string) => {
      running.log().info('stopping', { signal });
      void running.stop().then(() => resolve(0));
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
    onHup = () => {
      running.log().info('reloading', { signal: 'SIGHUP', file: config.file });
      running.reload().catch((error: unknown) => {
        // Neither the new nor the old config could start: nothing is serving any more.
        running.log().error('cannot restart after a reload', { error: (error as Error).message });
        resolve(1);
      });
    };
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
