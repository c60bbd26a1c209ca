/** Helpers shared by the database services: one-shot commands inside a host, and unix-socket access. */
import { chmodSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { ServiceContext } from '../host-service';

/** Runs a command inside the host's namespace to completion; throws with its output when it fails. */
export async function runInHost(context: ServiceContext, label: string, command: string, args: readonly string[], timeoutMs = 120_000): Promise<void> {
  const child = context.spawn(label, command, args);
  const timer = setTimeout(() => child.signal('SIGKILL'), timeoutMs);
  const status = await child.exited;
  clearTimeout(timer);
  if (status !== 0) throw new Error(`${label} failed (${status})${child.describeTail(30)}`);
}

/** uid/gid of a system user (postgres runs as its own user). */
export function systemUser(name: string, debianPackage: string): { uid: number; gid: number } {
  try {
    return { uid: Number(execFileSync('id', ['-u', name])), gid: Number(execFileSync('id', ['-g', name])) };
  } catch {
    throw new Error(`user ${name} is missing: install the Debian package ${debianPackage}`);
  }
}

/**
 * The lab directory is private to root (mkdtemp, 0700); a server running as its own user needs
 * to traverse it to reach its data dir: add o+x on every parent up to /tmp.
 */
export function allowTraverse(dir: string): void {
  for (let d = dirname(dir); d !== '/' && d !== '/tmp'; d = dirname(d)) chmodSync(d, statSync(d).mode | 0o001);
}

export const SETPRIV = '/usr/bin/setpriv';
