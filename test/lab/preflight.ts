/**
 * What the lab needs from the machine: root (network namespaces and nftables need CAP_NET_ADMIN
 * and CAP_SYS_ADMIN) and the `ip` and `nft` commands. Missing pieces are reported, never skipped.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface Preflight {
  ok: boolean;
  /** One sentence per missing piece, each with the fix. */
  missing: string[];
}

const SEARCH_PATH_FALLBACK = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== ''), ...SEARCH_PATH_FALLBACK];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

export function checkLabPrerequisites(): Preflight {
  const missing: string[] = [];
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
  if (uid !== 0) {
    missing.push(`root: the lab creates network namespaces and nftables rules, which needs root (running as uid ${uid}); run it with sudo, e.g. \`sudo npm run demo\``);
  }
  if (findExecutable('ip') === undefined) {
    missing.push('the `ip` command (iproute2): install it with `apt-get install -y iproute2`');
  }
  if (findExecutable('nft') === undefined) {
    missing.push('the `nft` command (nftables): install it with `apt-get install -y nftables`');
  }
  return { ok: missing.length === 0, missing };
}

export function describeMissing(preflight: Preflight, what: string): string {
  return [`${what} cannot run on this machine. Missing:`, ...preflight.missing.map((m) => `  - ${m}`)].join('\n');
}

/** Throws with every missing piece named: lab tests must fail, not pass vacuously, without them. */
export function requireLabPrerequisites(what = 'The partition lab', howToRun = 'sudo npm run test:system'): void {
  const preflight = checkLabPrerequisites();
  if (!preflight.ok) throw new Error(`${describeMissing(preflight, what)}\nThen run: ${howToRun}`);
}
