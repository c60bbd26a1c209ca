/**
 * Helpers for tests that run the real Prometheus tools. A missing tool fails the test with the
 * package to install: these checks must never pass by skipping.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

const PACKAGES: Record<string, string> = {
  promtool: 'prometheus',
  amtool: 'prometheus-alertmanager',
  'prometheus-alertmanager': 'prometheus-alertmanager',
};

export function requireTool(name: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || path === '') {
    throw new Error(`${name} is not installed: apt-get install ${PACKAGES[name] ?? name} (these tests fail rather than skip without it)`);
  }
  return path;
}

export function run(tool: string, args: readonly string[], cwd = ROOT): SpawnSyncReturns<string> {
  return spawnSync(requireTool(tool), args, { cwd, encoding: 'utf8' });
}

export function readRepoFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

const created: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `netsplit-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes the scratch directories this test file made (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** stdout and stderr together, for failure messages that show what the tool said. */
export function output(result: SpawnSyncReturns<string>): string {
  return `${result.stdout}${result.stderr}`;
}
