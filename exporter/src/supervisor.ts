/**
 * Keeps one agent running for a config file and reloads it on request (SIGHUP in cli.ts).
 *
 * A reload validates the file first: a file with problems keeps the running agent and logs every
 * problem. A valid, changed file restarts the agent in place (same process, sockets closed and
 * bound again), so every key takes effect, peers and targets included, without a second code
 * path for "apply a diff" that could drift from start-up. The cost is one restart's worth of
 * warm-up: peers see a new boot epoch, as after any restart. If the new config cannot start (its
 * port is taken, say), the old one is started again.
 */
import { startAgent, type RunningAgent } from './agent';
import { loadConfigFile, type Config } from './config/load';
import { createLogger, type Logger } from './log';

export type ReloadOutcome = 'reloaded' | 'unchanged' | 'refused' | 'failed';

export interface Supervisor {
  current(): RunningAgent;
  /** Re-reads the config file; concurrent calls run one after the other. */
  reload(): Promise<ReloadOutcome>;
  stop(): Promise<void>;
  log(): Logger;
}

export interface SuperviseOptions {
  env?: NodeJS.ProcessEnv;
  /** Where log lines go (tests collect them); stdout by default. */
  write?: (line: string) => void;
}

/** Secrets stay in memory: this string is compared, never logged. */
const fingerprint = (config: Config) => JSON.stringify({ ...config, secret: config.secret.toString('base64') });

export async function supervise(initial: Config, options: SuperviseOptions = {}): Promise<Supervisor> {
  const loggerFor = (config: Config) => createLogger({ cluster: config.cluster, node: config.node }, config.logLevel, options.write);
  let config = initial;
  let log = loggerFor(config);
  let agent = await startAgent(config, log);
  let queue: Promise<unknown> = Promise.resolve();

  async function reloadNow(): Promise<ReloadOutcome> {
    const loaded = loadConfigFile(config.file, options.env ?? process.env);
    if (!loaded.ok) {
      log.error('config reload refused, keeping the running config', { file: config.file, problems: loaded.problems });
      return 'refused';
    }
    if (fingerprint(loaded.config) === fingerprint(config)) {
      log.info('config unchanged', { file: config.file });
      return 'unchanged';
    }
    await agent.stop();
    const nextLog = loggerFor(loaded.config);
    try {
      agent = await startAgent(loaded.config, nextLog);
    } catch (error) {
      log.error('config reload failed to start, restarting with the previous config', { file: config.file, error: (error as Error).message });
      agent = await startAgent(config, log);
      return 'failed';
    }
    config = loaded.config;
    log = nextLog;
    for (const warning of loaded.warnings) log.warn('config', { warning });
    log.info('config reloaded', { file: config.file, peers: config.peers.length });
    return 'reloaded';
  }

  return {
    current: () => agent,
    log: () => log,
    reload() {
      const next = queue.then(reloadNow);
      queue = next.catch(() => undefined);
      return next;
    },
    async stop() {
      await queue;
      await agent.stop();
    },
  };
}
