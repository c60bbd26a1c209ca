/**
 * The built agent (exporter/dist/cli.js) as its own process, for what only a process shows:
 * signals, file-descriptor limits. Stopped by its pid. Needs `npm run build -w exporter`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export class AgentProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  /** `prefix` runs before node, e.g. ['prlimit', '--nofile=256', '--'] . */
  constructor(config: string, env: NodeJS.ProcessEnv, prefix: readonly string[] = []) {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build -w exporter first`);
    const [command, ...args] = [...prefix, process.execPath, CLI, '--config', config];
    this.child = spawn(command!, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** The JSON log lines written so far. */
  lines(): Record<string, unknown>[] {
    return this.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Waits for a log line with this msg (and these fields); the count of such lines must reach `count`. */
  async waitForLog(msg: string, count = 1, deadlineMs = 20_000): Promise<Record<string, unknown>> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const found = this.lines().filter((line) => line.msg === msg);
      if (found.length >= count) return found[count - 1]!;
      if (Date.now() > until || this.child.exitCode !== null) throw new Error(`no log line "${msg}" (#${count}); stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.pid !== undefined) process.kill(this.child.pid, signal);
  }

  async stop(): Promise<number | null> {
    this.signal('SIGTERM');
    return this.exited;
  }
}
