/** The exporter's version, from its package.json, and the commit it was built from (dist/build-info.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VERSION: string = (require('../package.json') as { version: string }).version;

export interface BuildInfo {
  /** The git commit id, or "unknown" when the build did not come from a checkout. */
  commit: string;
  /** The checkout had uncommitted changes to tracked files. */
  modified: boolean;
}

const UNKNOWN: BuildInfo = { commit: 'unknown', modified: false };

/**
 * What scripts/build.mjs recorded next to the compiled files. Run from the sources (tsx, jest)
 * there is no such file: the commit is unknown, never guessed.
 */
export function readBuildInfo(dir: string): BuildInfo {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dir, 'build-info.json'), 'utf8'));
  } catch {
    return UNKNOWN;
  }
  const { commit, modified } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof commit !== 'string' || !/^([0-9a-f]{7,40}|unknown)$/.test(commit)) return UNKNOWN;
  return { commit, modified: modified === true };
}

/** The line `--version` prints, e.g. `netsplit-exporter 0.1.0 (commit 6ac1178…)`. */
export function versionLine(version: string, build: BuildInfo): string {
  return `netsplit-exporter ${version} (commit ${build.commit}${build.modified ? ', with uncommitted changes' : ''})`;
}
