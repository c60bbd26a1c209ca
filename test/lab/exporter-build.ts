/**
 * The lab runs the built exporter (`exporter/dist/cli.js`), as a user would. It is rebuilt when
 * missing or older than any of its sources, so a demo or test never runs stale code.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
const BUILT_CLI = join(REPO_ROOT, 'exporter', 'dist', 'cli.js');
/**
 * The exporter the lab runs. NETSPLIT_LAB_EXPORTER_CLI points the lab at another build (e.g. a
 * release being compared); then nothing is built.
 */
export const EXPORTER_CLI = process.env.NETSPLIT_LAB_EXPORTER_CLI ?? BUILT_CLI;
const EXPORTER_SOURCES = [join(REPO_ROOT, 'exporter', 'src'), join(REPO_ROOT, 'exporter', 'scripts'), join(REPO_ROOT, 'exporter', 'package.json'), join(REPO_ROOT, 'exporter', 'tsconfig.build.json')];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), stat.mtimeMs);
}

/** Why the build is needed, or undefined when dist is up to date. */
export function exporterBuildReason(): string | undefined {
  if (EXPORTER_CLI !== BUILT_CLI) return existsSync(EXPORTER_CLI) ? undefined : `NETSPLIT_LAB_EXPORTER_CLI=${EXPORTER_CLI} does not exist`;
  if (!existsSync(EXPORTER_CLI)) return `${EXPORTER_CLI} does not exist`;
  const built = statSync(EXPORTER_CLI).mtimeMs;
  const sources = Math.max(...EXPORTER_SOURCES.filter(existsSync).map(newestMtime));
  return sources > built ? 'exporter sources are newer than exporter/dist' : undefined;
}

/** Runs `npm run build -w exporter` when needed; `log` receives progress lines. */
export async function ensureExporterBuilt(log: (line: string) => void = () => undefined): Promise<void> {
  const reason = exporterBuildReason();
  if (reason === undefined) return;
  if (EXPORTER_CLI !== BUILT_CLI) throw new Error(reason);
  log(`building the exporter (${reason}): npm run build -w exporter`);
  const output: string[] = [];
  const code = await new Promise<number>((done) => {
    const child = spawn('npm', ['run', 'build', '-w', 'exporter'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', (error) => {
      output.push(error.message);
      done(1);
    });
    child.on('exit', (status) => done(status ?? 1));
  });
  if (code !== 0 || !existsSync(EXPORTER_CLI)) throw new Error(`npm run build -w exporter failed (exit ${code}):\n${output.join('')}`);
}
