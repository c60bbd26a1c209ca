/**
 * A process running inside a host's namespace, started with `ip netns exec` (which execs, so the
 * pid we hold is the program's own: SIGSTOP and SIGTERM reach it directly). `setpriv --pdeathsig`
 * makes the kernel kill it if the lab's own process dies without a teardown (SIGKILL, OOM).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Host } from './host';
import { findExecutable } from './preflight';

export interface OutputLine {
  /** Local receipt time (Date.now()). */
  at: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface LabProcessOptions {
  host: Host;
  /** Short label for messages: `agent n3`, `gateway n1`. */
  label: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Lines kept for diagnostics and log assertions. */
  keepLines?: number;
}

export class LabProcess {
  readonly label: string;
  readonly host: Host;
  readonly pid: number;
  readonly lines: OutputLine[] = [];
  /** Resolves with the exit code (or signal name) once the process is gone. */
  readonly exited: Promise<number | string>;
  private exitStatus: number | string | undefined;
  private readonly child: ChildProcess;
  private readonly keepLines: number;
  private readonly listeners = new Set<(line: OutputLine) => void>();

  constructor(options: LabProcessOptions) {
    this.label = options.label;
    this.host = options.host;
    this.keepLines = options.keepLines ?? 5000;
    const setpriv = findExecutable('setpriv');
    const program = setpriv === undefined ? [options.command, ...options.args] : [setpriv, '--pdeathsig', 'KILL', options.command, ...options.args];
    this.child = spawn('ip', ['netns', 'exec', options.host.namespace, ...program], {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (this.child.pid === undefined) throw new Error(`${this.label}: could not start ${options.command}`);
    this.pid = this.child.pid;
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitStatus = code ?? signal ?? 'unknown';
        resolve(this.exitStatus);
      });
      this.child.once('error', (error) => {
        this.record('stderr', `spawn error: ${error.message}`);
      });
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      const source = this.child[stream];
      if (source !== null) createInterface({ input: source }).on('line', (text) => this.record(stream, text));
    }
  }

  get running(): boolean {
    return this.exitStatus === undefined;
  }

  get exitCode(): number | string | undefined {
    return this.exitStatus;
  }

  /** Calls `listener` for every future output line; returns the unsubscribe function. */
  onLine(listener: (line: OutputLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first line (past or future) matching `predicate`, or rejects after `timeoutMs`. */
  waitForLine(predicate: (line: OutputLine) => boolean, timeoutMs: number, what: string): Promise<OutputLine> {
    const seen = this.lines.find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        unsubscribe();
        outcome();
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`${this.label}: no ${what} within ${timeoutMs} ms${this.describeTail()}`))), timeoutMs);
      const unsubscribe = this.onLine((line) => {
        if (predicate(line)) finish(() => resolve(line));
      });
      void this.exited.then((status) => finish(() => reject(new Error(`${this.label}: exited (${status}) before ${what}${this.describeTail()}`))));
    });
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      process.kill(this.pid, signal);
    } catch {
      // exited between the check and the kill
    }
  }

  /** SIGCONT (a frozen process cannot act on SIGTERM), SIGTERM, then SIGKILL after `graceMs`; waits for the exit. */
  async stop(graceMs = 5000): Promise<number | string> {
    if (!this.running) return this.exitStatus!;
    this.signal('SIGCONT');
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Last lines of output, for error messages. */
  describeTail(count = 15): string {
    if (this.lines.length === 0) return '';
    return `; last output:\n${this.lines
      .slice(-count)
      .map((l) => `    [${l.stream}] ${l.text}`)
      .join('\n')}`;
  }

  private record(stream: OutputLine['stream'], text: string): void {
    const line = { at: Date.now(), stream, text };
    this.lines.push(line);
    if (this.lines.length > this.keepLines) this.lines.splice(0, this.lines.length - this.keepLines);
    for (const listener of [...this.listeners]) listener(line);
  }
}
