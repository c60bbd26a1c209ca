/**
 * A database server started by a test on 127.0.0.1: spawned by pid, logs kept for failure
 * messages, stopped by its pid with a wait for exit before its data dir is removed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Real servers from Debian are required: a missing binary fails the test loudly, never skips it. */
export function requireBinary(path: string, packageName: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: install the Debian package ${packageName} (apt-get install -y ${packageName}); these tests need a real server`);
  return path;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `netsplit-${prefix}-`));
}

export class ServerProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private output = '';
  exitCode: number | null | undefined;

  constructor(
    readonly label: string,
    command: string,
    args: readonly string[],
    private readonly options: { uid?: number; gid?: number; cwd?: string; env?: NodeJS.ProcessEnv; stopSignal?: NodeJS.Signals } = {},
  ) {
    this.child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], uid: options.uid, gid: options.gid, cwd: options.cwd, env: options.env ?? process.env });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code) => {
        this.exitCode = code;
        resolve();
      });
      this.child.once('error', (error) => {
        this.output += `\nspawn error: ${error.message}`;
        this.exitCode = -1;
        resolve();
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  logs(): string {
    return this.output;
  }

  /**
   * SIGSTOP to the server and every process it forked (PostgreSQL serves each connection from a
   * child): the port stays open, the kernel still accepts connections, nothing answers — a
   * blackholed server.
   */
  pause(): void {
    for (const pid of this.tree()) signal(pid, 'SIGSTOP');
  }

  resume(): void {
    for (const pid of this.tree()) signal(pid, 'SIGCONT');
  }

  private tree(): number[] {
    if (!this.running) return [];
    const children = new Map<number, number[]>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
      } catch {
        // gone meanwhile
      }
    }
    const out = [this.pid];
    for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!) ?? []));
    return out;
  }

  /** Polls `ready` until true; fails with the server's own output when it dies or the deadline passes. */
  async waitUntil(ready: () => Promise<boolean>, deadlineMs = 60_000): Promise<void> {
    const until = Date.now() + deadlineMs;
    while (Date.now() < until) {
      if (!this.running) throw new Error(`${this.label} exited (${this.exitCode}):\n${this.output}`);
      if (await ready().catch(() => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.label} not ready within ${deadlineMs} ms:\n${this.output}`);
  }

  /** The stop signal (SIGTERM; PostgreSQL's fast shutdown is SIGINT), SIGKILL after the grace; resolves on exit. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return this.exited;
    this.resume();
    this.child.kill(this.options.stopSignal ?? 'SIGTERM');
    const timer = setTimeout(() => this.running && this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // exited meanwhile
  }
}
