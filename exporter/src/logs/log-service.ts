/**
 * Follows the configured `logs:` files and counts catalog matches into
 * netsplit_log_pattern_matches_total{pattern,system,file} — the runbook's "PATTERN / LOCATION"
 * lines (etcd's "lost TCP streaming connection with remote peer" seconds before a minority loses
 * its leader). Counting only: lines are never stored or forwarded.
 *
 * Not a probe: it has no schedule, no deadline and no facts for the verdict. The agent starts it
 * beside the probe families.
 */
import type { Registry } from 'prom-client';
import type { Config } from '../config/load';
import type { Logger } from '../log';
import { createPatternCounters } from '../metrics/patterns';
import { classify } from '../patterns';
import { followFile, type FileFollower } from './follow-file';

export interface LogService {
  start(): void;
  stop(): Promise<void>;
}

/** undefined when the config follows no file. */
export function createLogService({ config, registry, log }: { config: Config; registry: Registry; log: Logger }): LogService | undefined {
  if (config.logs.length === 0) return undefined;
  const { logPatterns } = createPatternCounters(registry);
  const followers: Promise<FileFollower | undefined>[] = [];
  return {
    start() {
      for (const file of config.logs) {
        followers.push(
          followFile({
            path: file.path,
            onLine: (line) => {
              const pattern = classify(file.system, line);
              if (pattern !== undefined) logPatterns.inc({ pattern: pattern.id, system: file.system, file: file.path });
            },
            onError: (error) => log.warn('log follow failed', { file: file.path, error: error.message }),
          }).catch((error: unknown) => {
            log.warn('cannot follow log file', { file: file.path, error: (error as Error).message });
            return undefined;
          }),
        );
      }
    },
    async stop() {
      await Promise.all(followers.map(async (f) => (await f)?.stop()));
    },
  };
}
