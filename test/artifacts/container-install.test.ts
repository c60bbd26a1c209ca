/**
 * No image can be built where the tests run, so this runs the Dockerfile as it stands, stage by
 * stage, each in a scratch folder that plays the stage's root: COPY from the build context (this
 * repository, less what .dockerignore leaves out) or from the build stage's folder, RUN through
 * sh, ENV, ARG, WORKDIR and USER; then the runtime stage's ENTRYPOINT + CMD on loopback until
 * /readyz answers. Run as root, the agent runs as the image's USER, in folders it cannot write.
 *
 * npm caches: the build stage uses the machine's (it only reads it); the runtime stage empties
 * its cache (`npm cache clean`), so it gets a scratch one and fetches the exporter's production
 * dependencies from the registry.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, posix, relative } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { REPO_ROOT } from '../lab/exporter-build';
import { dockerignore, parseCopy, parseDockerfile, parseEnv, parseExecForm, type Stage } from './dockerfile';

jest.setTimeout(600_000);

const stages = parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
const ignored = dockerignore(readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8'));
const stage = (name: string): Stage => {
  const found = stages.find((s) => s.name === name);
  if (found === undefined) throw new Error(`Dockerfile has no stage ${name}`);
  return found;
};

let scratch = '';
let agent: ChildProcess | undefined;
afterAll(async () => {
  if (agent?.exitCode === null && agent.pid !== undefined) {
    process.kill(agent.pid, 'SIGKILL');
    await new Promise((resolve) => agent!.once('exit', resolve));
  }
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The parent's environment without what npm exports to scripts (it would steer the inner npm). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

interface StageResult {
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
  entrypoint: string[];
  cmd: string[];
  ran: string[];
}

/** Runs one stage's instructions with `root` as its `/`. */
function runStage(name: string, root: string, options: { buildArgs: Record<string, string>; npmCache?: string; from: Record<string, StageResult> }): StageResult {
  const result: StageResult = { root, workdir: '/', env: {}, entrypoint: [], cmd: [], ran: [] };
  const inStage = (path: string) => join(root, posix.resolve(result.workdir, path));
  mkdirSync(root, { recursive: true });
  for (const { keyword, args } of stage(name).instructions) {
    if (keyword === 'WORKDIR') {
      result.workdir = posix.resolve(result.workdir, args);
      mkdirSync(join(root, result.workdir), { recursive: true });
    } else if (keyword === 'ENV') Object.assign(result.env, parseEnv(args));
    else if (keyword === 'ARG') {
      const [argName = '', fallback = ''] = args.split('=');
      result.env[argName] = options.buildArgs[argName] ?? fallback.replace(/^"(.*)"$/, '$1');
    } else if (keyword === 'COPY') {
      const copy = parseCopy(args);
      for (const source of copy.sources) {
        const origin = copy.from === undefined ? REPO_ROOT : options.from[copy.from]?.root;
        if (origin === undefined) throw new Error(`COPY --from=${copy.from}: no such stage run before`);
        const from = join(origin, copy.from === undefined ? source : posix.resolve('/', source));
        if (!existsSync(from)) throw new Error(`COPY ${args}: ${from} does not exist`);
        const isDir = statSync(from).isDirectory();
        const intoFolder = copy.destination.endsWith('/') || copy.sources.length > 1;
        const target = isDir || !intoFolder ? inStage(copy.destination) : join(inStage(copy.destination), basename(source));
        mkdirSync(isDir ? target : join(target, '..'), { recursive: true });
        // The build context is filtered by .dockerignore; another stage's files are copied as they are.
        cpSync(from, target, { recursive: true, filter: (path) => copy.from !== undefined || !ignored(relative(REPO_ROOT, path)) });
      }
    } else if (keyword === 'RUN') {
      const env = { ...cleanEnv(), ...result.env, ...(options.npmCache === undefined ? {} : { npm_config_cache: options.npmCache }) };
      const run = spawnSync('sh', ['-c', args], { cwd: join(root, result.workdir), env, encoding: 'utf8', timeout: 400_000 });
      if (run.status !== 0) throw new Error(`${name} stage: RUN ${args} exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
      result.ran.push(args);
    } else if (keyword === 'USER') result.user = args;
    else if (keyword === 'ENTRYPOINT') result.entrypoint = parseExecForm(keyword, args);
    else if (keyword === 'CMD') result.cmd = parseExecForm(keyword, args);
    else if (keyword !== 'EXPOSE') throw new Error(`Dockerfile ${name} stage: ${keyword} is not run by this test; keep to COPY, RUN, ARG, ENV, WORKDIR, USER, EXPOSE, ENTRYPOINT, CMD`);
  }
  return result;
}

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage that runs as a non-root user by number', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(stage('runtime').instructions.filter((i) => i.keyword === 'USER').map((i) => i.args)).toEqual(['1000:1000']);
  });

  it('built and installed stage by stage in scratch folders, runs the agent from dist with production dependencies only', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'netsplit-image-'));
    chmodSync(scratch, 0o755);
    const commit = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim();
    const build = runStage('build', join(scratch, 'build'), { buildArgs: { NETSPLIT_BUILD_COMMIT: commit }, from: {} });
    expect(build.ran).toEqual(['npm ci --workspace exporter --include-workspace-root --ignore-scripts --no-audit --no-fund', 'npm run build --workspace exporter']);
    const runtime = runStage('runtime', join(scratch, 'root'), { buildArgs: {}, npmCache: join(scratch, 'npm-cache'), from: { build } });
    expect(runtime.ran).toEqual(['npm ci --omit=dev --workspace exporter --ignore-scripts --no-audit --no-fund && npm cache clean --force']);

    const inImage = (path: string) => join(runtime.root, path);
    const app = inImage(runtime.workdir);
    // Production dependencies of the exporter, nothing of the root's or the panel's devDependencies.
    const installed = (name: string) => existsSync(join(app, 'node_modules', name, 'package.json'));
    expect(['koa', 'prom-client', 'zod', 'pg', 'etcd3', 'typescript', 'jest', 'eslint', '@types/koa', 'react', '@grafana/ui', 'webpack'].map(installed)).toEqual([
      true, true, true, true, true, false, false, false, false, false, false, false,
    ]);
    expect(readdirSync(app).sort()).toEqual(['LICENSE', 'exporter', 'node_modules', 'package-lock.json', 'package.json', 'panel-plugin']);
    expect(readdirSync(join(app, 'exporter')).sort()).toEqual(['dist', 'package.json']);

    const command = (extra: string[] = []) =>
      // Absolute paths of the image are under the scratch root here; `node` is this Node.js.
      [...runtime.entrypoint, ...extra].map((word, index) => (index === 0 && word === 'node' ? process.execPath : word.startsWith('/') ? inImage(word) : word));
    // The commit came in as the build argument: the image has no .git.
    const [file, ...versionArgs] = command(['--version']);
    expect(spawnSync(file!, versionArgs, { cwd: app, encoding: 'utf8' }).stdout).toBe(`netsplit-exporter 0.1.0 (commit ${commit})\n`);

    // The config and the secret where CMD expects them; the secret readable by the image's user only.
    const [uid, gid] = (runtime.user ?? '').split(':').map(Number);
    const configPath = runtime.cmd[runtime.cmd.indexOf('--config') + 1] ?? '';
    expect(configPath).toBe('/etc/netsplit/netsplit.yaml');
    const port = await freePort();
    mkdirSync(inImage(posix.dirname(configPath)), { recursive: true });
    writeFileSync(inImage(configPath), `cluster: image\nnode: image-1\nlisten: "127.0.0.1:${port}"\nheartbeat: { interval: 100ms }\nsecretFile: secret\npeers: [ { name: image-1, address: "127.0.0.1:${port}" } ]\n`);
    const secret = join(inImage(posix.dirname(configPath)), 'secret');
    writeFileSync(secret, 'a-secret-of-at-least-16-bytes\n', { mode: 0o400 });
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownSync(secret, uid!, gid!);
    for (const dir of [runtime.root, inImage('/etc'), inImage('/etc/netsplit')]) chmodSync(dir, 0o755);

    const asUser = asRoot ? ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'] : [];
    const [program, ...argv] = [...asUser, ...command(runtime.cmd)];
    let output = '';
    agent = spawn(program!, argv, { cwd: app, env: { PATH: process.env.PATH, ...runtime.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    agent.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    agent.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => agent!.once('exit', resolve));

    let readyz: { status: number; body: string } | undefined;
    const deadline = Date.now() + 30_000;
    while (readyz?.status !== 200 && Date.now() < deadline && agent.exitCode === null) {
      readyz = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        async (response) => ({ status: response.status, body: await response.text() }),
        () => undefined,
      );
      if (readyz?.status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (readyz?.status !== 200) throw new Error(`/readyz never answered 200 (last: ${JSON.stringify(readyz)}); agent output:\n${output}`);
    expect(readyz).toEqual({ status: 200, body: 'ready\n' });
    if (asRoot) {
      // The agent runs as the image's user, not as root.
      const status = readFileSync(`/proc/${agent.pid}/status`, 'utf8');
      expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe(String(uid));
    }

    process.kill(agent.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    expect(output).not.toContain('a-secret-of-at-least-16-bytes');
    // Nothing went wrong reading the secret or the config as that user: the one warning is the
    // documented one about a config without per-node keys.
    const lines = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(lines.filter((line) => line.level !== 'info' && line.level !== 'debug').map((line) => `${line.level}: ${line.msg}`)).toEqual([
      'warn: rows are not signed per node: any member holding the shared secret can forge any row; set keyFile and peers[].publicKey (docs/security.md)',
    ]);
  });
});

describe('.dockerignore as the test reads it', () => {
  it('leaves out local builds and dependencies at any depth, and whole folders by path', () => {
    const paths = ['exporter/src/cli.ts', 'exporter/dist/cli.js', 'node_modules/koa', 'exporter/node_modules/x', 'test/lab/lab.ts', 'panel-plugin/src/module.ts', 'panel-plugin/package.json', '.git'];
    expect(paths.filter(ignored)).toEqual(['exporter/dist/cli.js', 'node_modules/koa', 'exporter/node_modules/x', 'test/lab/lab.ts', 'panel-plugin/src/module.ts', '.git']);
  });
});
