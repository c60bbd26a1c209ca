/**
 * Runs a short system command (ip, nft) to completion. Lab setup must fail loudly: a failed
 * command throws with the command line, its exit code and its stderr.
 */
import { execFile } from 'node:child_process';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the command's stdin (e.g. an nft script for `nft -f -`). */
  input?: string;
  /** Resolve with the result instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
  timeoutMs?: number;
}

export class CommandError extends Error {
  constructor(
    readonly commandLine: string,
    readonly result: CommandResult,
  ) {
    super(`\`${commandLine}\` exited with ${result.code}: ${result.stderr.trim() || result.stdout.trim() || '(no output)'}`);
    this.name = 'CommandError';
  }
}

export function runCommand(file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const commandLine = [file, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { timeout: options.timeoutMs ?? 15_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      const result = { code, stdout, stderr: error !== null && stderr === '' ? error.message : stderr };
      if (code !== 0 && options.allowFailure !== true) reject(new CommandError(commandLine, result));
      else resolve(result);
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}
