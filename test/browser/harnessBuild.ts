/**
 * The built plugin must exist (`npm run build` makes it); the harness host bundle is built
 * here when missing or older than its sources (`npm run build:harness -w panel-plugin`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { harnessDir, pluginDist, repoRoot } from './harnessServer';

function newestSource(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.name !== 'dist')
      .map((entry) => (entry.isDirectory() ? newestSource(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs)),
  );
}

export function ensureBuilt(): void {
  if (!existsSync(join(pluginDist, 'module.js'))) {
    throw new Error(`${join(pluginDist, 'module.js')} is missing: run \`npm run build\` (or \`npm run build -w panel-plugin\`) first`);
  }
  // A stale build would test yesterday's panel. Only a warning: webpack leaves module.js
  // untouched when its content did not change, so an older file can still be current.
  if (statSync(join(pluginDist, 'module.js')).mtimeMs < newestSource(join(repoRoot, 'panel-plugin', 'src'))) {
    console.warn(`${join(pluginDist, 'module.js')} is older than panel-plugin/src: if the panel changed, run \`npm run build -w panel-plugin\` again`);
  }
  const bundle = join(harnessDir, 'dist', 'harness.js');
  const sources = [harnessDir, join(repoRoot, 'panel-plugin', 'test', 'support')];
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(...sources.map(newestSource))) return;
  execFileSync('npm', ['run', 'build:harness', '-w', 'panel-plugin'], { cwd: repoRoot, stdio: 'inherit' });
}
