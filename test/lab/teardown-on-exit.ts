/**
 * Last-resort teardown. Labs register here while they exist; on SIGINT/SIGTERM every live lab is
 * torn down before the signal takes its default course, and on a plain exit (process.exit, an
 * uncaught error) a synchronous sweep kills their processes and deletes their namespaces.
 * (SIGKILL of the lab's own process is covered by setpriv's pdeathsig and by sweepLeakedLabs.)
 */
import { execFileSync } from 'node:child_process';

export interface TearableLab {
  teardown(): Promise<void>;
  /** Synchronous best effort for the 'exit' event, where nothing asynchronous runs. */
  teardownSync(): void;
}

const live = new Set<TearableLab>();
let installed = false;

export function registerLab(lab: TearableLab): void {
  live.add(lab);
  if (!installed) install();
}

export function unregisterLab(lab: TearableLab): void {
  live.delete(lab);
}

function install(): void {
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      void (async () => {
        console.error(`\nlab: ${signal} received, tearing down ${live.size} lab(s)…`);
        await Promise.allSettled([...live].map((lab) => lab.teardown()));
        // Default action of the signal now that the lab is gone.
        process.kill(process.pid, signal);
      })();
    });
  }
  process.once('exit', () => {
    for (const lab of live) lab.teardownSync();
  });
}

/** Used by teardownSync: never throws. */
export function runSync(file: string, args: readonly string[]): void {
  try {
    execFileSync(file, args, { stdio: 'ignore', timeout: 5000 });
  } catch {
    // best effort
  }
}
