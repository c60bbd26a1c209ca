#!/usr/bin/env node
/**
 * netsplit-exporter --config netsplit.yaml [--check-config] | --version | --help
 * Exit codes: 0 ok, 2 bad config or usage, 1 failed to start.
 */
import { loadConfigFile } from './config/load';
import { createLogger } from './log';
import { startAgent } from './agent';
import { VERSION } from './version';
import { viewAuthorization } from './mesh/view-auth';
import { writeNodeKey } from './mesh/key-file';
import { loadWebConfig } from './server/web-config';
import { resolve as resolvePath } from 'node:path';

const USAGE = `Usage: netsplit-exporter --config FILE [--check-config]
       netsplit-exporter --config FILE --view-auth   (prints an Authorization header for /api/v1/view, valid once within 60 s)
       netsplit-exporter --config FILE --web.config.file WEBFILE   (TLS, basic auth and headers, exporter-toolkit's format)
       netsplit-exporter --gen-key FILE              (writes a new Ed25519 private key for keyFile, prints its publicKey)
       netsplit-exporter --version | --help

Runs one netsplit agent: signed heartbeats to every peer, the partition verdict as Prometheus
metrics on /metrics and as JSON on /api/v1/view. NETSPLIT_SECRET overrides secretFile.
Configuration reference: docs/configuration.md`;

interface Args {
  config?: string;
  checkConfig: boolean;
  viewAuth: boolean;
  genKey?: string;
  webConfigFile?: string;
  version: boolean;
  help: boolean;
  unknown: string[];
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { checkConfig: false, viewAuth: false, version: false, help: false, unknown: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--config' || arg === '-c') args.config = argv[++i];
    else if (arg.startsWith('--config=')) args.config = arg.slice('--config='.length);
    else if (arg === '--check-config') args.checkConfig = true;
    else if (arg === '--view-auth') args.viewAuth = true;
    else if (arg === '--gen-key') args.genKey = argv[++i];
    else if (arg === '--web.config.file') args.webConfigFile = argv[++i];
    else if (arg.startsWith('--web.config.file=')) args.webConfigFile = arg.slice('--web.config.file='.length);
    else if (arg === '--version' || arg === '-v') args.version = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else args.unknown.push(arg);
  }
  return args;
}

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.version) {
    console.log(VERSION);
    return 0;
  }
  if (args.genKey !== undefined && args.unknown.length === 0) {
    const written = writeNodeKey(args.genKey);
    if (!written.ok) {
      console.error(written.problem);
      return 2;
    }
    console.log(`publicKey: ${written.publicKey}`);
    return 0;
  }
  if (args.unknown.length > 0 || args.config === undefined) {
    console.error(args.unknown.length > 0 ? `unknown argument(s): ${args.unknown.join(' ')}\n` : 'missing --config FILE\n');
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
    console.log(`${args.config}: ok (cluster ${config.cluster}, node ${config.node}, ${config.peers.length} peers)`);
    return 0;
  }
  if (args.viewAuth) {
    console.log(viewAuthorization(config.secret, config.cluster, config.node, Date.now()));
    return 0;
  }
  const log = createLogger({ cluster: config.cluster, node: config.node }, config.logLevel);
  let agent;
  try {
    agent = await startAgent(config, log);
  } catch (error) {
    log.error('cannot start', { error: (error as Error).message });
    return 1;
  }
  const running = agent;
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info('stopping', { signal });
      void running.stop().then(resolve);
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  return 0;
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
