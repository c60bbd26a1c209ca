#!/usr/bin/env node
/**
 * `npm run build -w exporter`: compiles src/ into a clean dist/ and records the commit the build
 * came from in dist/build-info.json, which `netsplit-exporter --version` prints.
 *
 * The commit is NETSPLIT_BUILD_COMMIT when set (a container build has no .git: pass it as a build
 * argument), else `git rev-parse HEAD` of the checkout, else "unknown" (built from a tarball or
 * without git). A checkout with uncommitted changes to tracked files is recorded as modified.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const exporterDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(exporterDir, 'dist');
const COMMIT = /^[0-9a-f]{7,40}$/;

function git(args) {
  const result = spawnSync('git', args, { cwd: exporterDir, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function buildInfo(env) {
  const given = env.NETSPLIT_BUILD_COMMIT;
  if (given !== undefined && given !== '') {
    if (!COMMIT.test(given)) throw new Error(`NETSPLIT_BUILD_COMMIT: "${given}" is not a commit id: pass 7 to 40 lowercase hex digits, e.g. --build-arg NETSPLIT_BUILD_COMMIT=$(git rev-parse HEAD)`);
    return { commit: given, modified: false };
  }
  const head = git(['rev-parse', 'HEAD']);
  if (head === undefined || !COMMIT.test(head)) return { commit: 'unknown', modified: false };
  return { commit: head, modified: (git(['status', '--porcelain', '--untracked-files=no']) ?? '') !== '' };
}

let info;
try {
  info = buildInfo(process.env);
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
// A clean dist: files of deleted sources must not ship in the package.
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(exporterDir, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, 'build-info.json'), `${JSON.stringify(info)}\n`);
