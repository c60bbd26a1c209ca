/**
 * No image can be built where the tests run, so this runs the Dockerfile's runtime stage as it
 * stands, in a scratch folder that plays the image's root: its COPY lines (from the build context,
 * or from the build stage, whose /src mirrors this repository after `npm run build -w exporter`),
 * its RUN lines through sh, its ENV, WORKDIR and USER, then its ENTRYPOINT + CMD on loopback until
 * /readyz answers. Run as root, the agent runs as the image's USER, in folders it cannot write.
 * The npm cache of the RUN lines is a scratch folder too (`npm cache clean` must not empty the
 * machine's), so `npm ci` fetches the production dependencies from the registry.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { ensureExporterBuilt, REPO_ROOT } from '../lab/exporter-build';
import { parseCopy, parseDockerfile, parseEnv, parseExecForm, type Stage } from './dockerfile';

jest.setTimeout(300_000);

const stages = parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
const stage = (name: string): Stage => {
  const found = stages.find((s) => s.name === name);
  if (found === undefined) throw new Error(`Dockerfile has no stage ${name}`);
  return found;
};
const workdirOf = (s: Stage) => s.instructions.filter((i) => i.keyword === 'WORKDIR').map((i) => i.args).pop() ?? '/';

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

describe('Dockerfile', () => {
  it('has a build stage that compiles and a runtime stage that runs as a non-root user by number', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(stage('build').instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args)).toEqual([
      'npm ci --workspace exporter --include-workspace-root --ignore-scripts --no-audit --no-fund',
      'npm run build --workspace exporter',
    ]);
    expect(stage('runtime').instructions.filter((i) => i.keyword === 'USER').map((i) => i.args)).toEqual(['1000:1000']);
  });

  it('its runtime stage, run in a scratch folder, installs production dependencies only and starts the agent from dist', async () => {
    await ensureExporterBuilt();
    scratch = mkdtempSync(join(tmpdir(), 'netsplit-image-'));
    chmodSync(scratch, 0o755);
    const root = join(scratch, 'root');
    const npmCache = join(scratch, 'npm-cache');
    const inImage = (path: string) => join(root, path);
    const buildWorkdir = workdirOf(stage('build'));
    let workdir = '/';
    let user: string | undefined;
    let entrypoint: string[] = [];
    let cmd: string[] = [];
    const imageEnv: Record<string, string> = {};
    const ran: string[] = [];

    for (const { keyword, args } of stage('runtime').instructions) {
      if (keyword === 'WORKDIR') {
        workdir = posix.resolve(workdir, args);
        mkdirSync(inImage(workdir), { recursive: true });
      } else if (keyword === 'ENV') Object.assign(imageEnv, parseEnv(args));
      else if (keyword === 'COPY') {
        const copy = parseCopy(args);
        const destination = posix.resolve(workdir, copy.destination);
        for (const source of copy.sources) {
          let from = join(REPO_ROOT, source);
          if (copy.from !== undefined) {
            if (copy.from !== 'build') throw new Error(`COPY --from=${copy.from}: only the build stage is known`);
            const relative = posix.relative(buildWorkdir, source);
            if (relative.startsWith('..')) throw new Error(`COPY --from=build ${source}: outside the build stage's ${buildWorkdir}`);
            from = join(REPO_ROOT, relative);
          }
          if (!existsSync(from)) throw new Error(`COPY ${args}: ${from} does not exist`);
          const intoFolder = copy.destination.endsWith('/') || copy.sources.length > 1;
          const target = statSync(from).isDirectory() || !intoFolder ? inImage(destination) : inImage(posix.join(destination, basename(source)));
          mkdirSync(statSync(from).isDirectory() ? target : join(target, '..'), { recursive: true });
          cpSync(from, target, { recursive: true });
        }
      } else if (keyword === 'RUN') {
        const result = spawnSync('sh', ['-c', args], { cwd: inImage(workdir), env: { ...cleanEnv(), ...imageEnv, npm_config_cache: npmCache }, encoding: 'utf8', timeout: 240_000 });
        if (result.status !== 0) throw new Error(`RUN ${args} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`);
        ran.push(args);
      } else if (keyword === 'USER') user = args;
      else if (keyword === 'ENTRYPOINT') entrypoint = parseExecForm(keyword, args);
      else if (keyword === 'CMD') cmd = parseExecForm(keyword, args);
      else if (keyword !== 'EXPOSE') throw new Error(`Dockerfile runtime stage: ${keyword} is not run by this test; keep the stage to COPY, RUN, ENV, WORKDIR, USER, EXPOSE, ENTRYPOINT, CMD`);
    }

    expect(ran).toEqual(['npm ci --omit=dev --workspace exporter --ignore-scripts --no-audit --no-fund && npm cache clean --force']);
    const app = inImage(workdir);
    // Production dependencies of the exporter, nothing of the root's or the panel's devDependencies.
    const installed = (name: string) => existsSync(join(app, 'node_modules', name, 'package.json'));
    expect(['koa', 'prom-client', 'zod', 'pg', 'etcd3', 'typescript', 'jest', 'eslint', '@types/koa', 'react', '@grafana/ui', 'webpack'].map(installed)).toEqual([
      true, true, true, true, true, false, false, false, false, false, false, false,
    ]);
    expect(readdirSync(join(app, 'exporter')).sort()).toEqual(['dist', 'package.json']);

    // The config and the secret where CMD expects them; the secret readable by the image's user only.
    const [uid, gid] = (user ?? '').split(':').map(Number);
    const configPath = cmd[cmd.indexOf('--config') + 1] ?? '';
    expect(configPath).toBe('/etc/netsplit/netsplit.yaml');
    const port = await freePort();
    mkdirSync(inImage(posix.dirname(configPath)), { recursive: true });
    writeFileSync(
      inImage(configPath),
      `cluster: image\nnode: image-1\nlisten: "127.0.0.1:${port}"\nheartbeat: { interval: 100ms }\nsecretFile: secret\npeers: [ { name: image-1, address: "127.0.0.1:${port}" } ]\n`,
    );
    const secret = join(inImage(posix.dirname(configPath)), 'secret');
    writeFileSync(secret, 'a-secret-of-at-least-16-bytes\n', { mode: 0o400 });
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownSync(secret, uid!, gid!);
    for (const dir of [root, inImage('/etc'), inImage('/etc/netsplit')]) chmodSync(dir, 0o755);

    // Absolute paths of the image are under the scratch root here; `node` is this Node.js.
    const command = [...entrypoint, ...cmd].map((word, index) => (index === 0 && word === 'node' ? process.execPath : word.startsWith('/') ? inImage(word) : word));
    const asUser = asRoot ? ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'] : [];
    const [file, ...argv] = [...asUser, ...command];
    let output = '';
    agent = spawn(file!, argv, { cwd: app, env: { PATH: process.env.PATH, ...imageEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
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
