/**
 * The exporter as users install it: `npm pack` of the exporter workspace holds the compiled
 * dist/ and the files npm always ships, nothing of src/, test/, bench/ or scripts/; the tarball
 * installs with `npm install --omit=dev` (its production dependencies from the registry) and
 * its `netsplit-exporter` bin answers --version (with the commit the build came from) and
 * --check-config. The build runs here so dist/build-info.json names this checkout's commit.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../lab/exporter-build';

jest.setTimeout(300_000);

const EXPORTER = join(REPO_ROOT, 'exporter');
const scratch = mkdtempSync(join(tmpdir(), 'netsplit-npm-package-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The parent's environment without what npm exports to scripts (it would steer the inner npm). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))), ...extra };
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function mustRun(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const result = run(command, args, cwd, env);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => (statSync(join(dir, entry)).isDirectory() ? filesUnder(join(dir, entry)) : [join(dir, entry)]));
}

const buildInfo = () => JSON.parse(readFileSync(join(EXPORTER, 'dist', 'build-info.json'), 'utf8')) as { commit: string; modified: boolean };

describe('the build records its commit', () => {
  it('as "unknown" outside a git checkout, and refuses a NETSPLIT_BUILD_COMMIT that is not a commit id', () => {
    mustRun('npm', ['run', 'build'], EXPORTER, cleanEnv({ GIT_DIR: join(scratch, 'no-such-repository') }));
    expect(buildInfo()).toEqual({ commit: 'unknown', modified: false });
    expect(run('npm', ['run', 'build', '--silent'], EXPORTER, cleanEnv({ NETSPLIT_BUILD_COMMIT: 'main' }))).toMatchObject({
      status: 2,
      stderr: 'NETSPLIT_BUILD_COMMIT: "main" is not a commit id: pass 7 to 40 lowercase hex digits, e.g. --build-arg NETSPLIT_BUILD_COMMIT=$(git rev-parse HEAD)\n',
    });
  });

  it("as this checkout's HEAD, modified when tracked files have uncommitted changes", () => {
    mustRun('npm', ['run', 'build'], EXPORTER);
    const head = mustRun('git', ['rev-parse', 'HEAD'], REPO_ROOT).trim();
    const modified = mustRun('git', ['status', '--porcelain', '--untracked-files=no'], REPO_ROOT) !== '';
    expect(buildInfo()).toEqual({ commit: head, modified });
  });
});

describe('npm pack of the exporter', () => {
  let tarball = '';
  let packed: string[] = [];

  beforeAll(() => {
    const [result] = JSON.parse(mustRun('npm', ['pack', '--json', '--pack-destination', scratch], EXPORTER)) as { filename: string; files: { path: string }[] }[];
    tarball = join(scratch, result!.filename);
    packed = result!.files.map((file) => file.path).sort();
  });

  it('holds dist/ (compiled JavaScript and the build info) and the files npm always ships, nothing else', () => {
    expect(packed.filter((path) => !path.startsWith('dist/'))).toEqual(['LICENSE', 'README.md', 'package.json']);
    // Every source file compiled, and only those: no tests, benchmarks, scripts or source maps.
    const compiled = filesUnder(join(EXPORTER, 'src'))
      .map((file) => `dist/${relative(join(EXPORTER, 'src'), file).replace(/\.ts$/, '.js')}`)
      .concat('dist/build-info.json')
      .sort();
    expect(packed.filter((path) => path.startsWith('dist/'))).toEqual(compiled);
    expect(packed.filter((path) => /^(src|test|bench|scripts)\/|\.(ts|map)$/.test(path))).toEqual([]);
    expect(tarball).toBe(join(scratch, 'netsplit-exporter-0.1.0.tgz'));
  });

  it("ships the repository's LICENSE unchanged", () => {
    expect(readFileSync(join(EXPORTER, 'LICENSE'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8'));
  });

  it('installs with --omit=dev and its bin answers --version and --check-config', () => {
    const app = join(scratch, 'app');
    mustRun('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefix', app, tarball], scratch, cleanEnv({ npm_config_cache: join(scratch, 'npm-cache') }));
    const bin = join(app, 'node_modules', '.bin', 'netsplit-exporter');
    const installed = readdirSync(join(app, 'node_modules', 'netsplit-exporter')).sort();
    expect(installed).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
    expect(['koa', 'prom-client', 'typescript', '@types/koa'].map((name) => existsSync(join(app, 'node_modules', name)))).toEqual([true, true, false, false]);

    const { commit, modified } = buildInfo();
    expect(run(bin, ['--version'], app)).toEqual({ status: 0, stdout: `netsplit-exporter 0.1.0 (commit ${commit}${modified ? ', with uncommitted changes' : ''})\n`, stderr: '' });

    const sample = join(REPO_ROOT, 'provisioning', 'compose', 'netsplit.yaml');
    expect(run(bin, ['--config', sample, '--check-config'], app)).toEqual({ status: 0, stdout: `${sample}: ok (cluster compose, node compose-1, 1 peers)\n`, stderr: '' });
    const wrong = join(REPO_ROOT, 'package.json');
    expect(run(bin, ['--config', wrong, '--check-config'], app).status).toBe(2);

    // The systemd unit starts the bin where `npm install --prefix /opt/netsplit` puts it.
    const unit = readFileSync(join(REPO_ROOT, 'provisioning', 'systemd', 'netsplit-exporter.service'), 'utf8');
    const execStart = /^ExecStart=(\S+)/m.exec(unit)?.[1] ?? '';
    expect(execStart.startsWith('/opt/netsplit/')).toBe(true);
    expect(join(app, execStart.slice('/opt/netsplit/'.length))).toBe(bin);
  });
});
