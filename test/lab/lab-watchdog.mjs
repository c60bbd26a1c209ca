// Cleans up a lab whose owner died without a teardown - killed by a signal that left it no time
// (SIGKILL; SIGINT inside jest, whose sandboxed `process` never sees signal listeners). Started
// detached by Lab.create, so a Ctrl-C to the owner's process group does not reach it; dismissed
// with SIGTERM by a normal teardown. Plain JavaScript: it must not depend on tsx or the owner.
//
//   node lab-watchdog.mjs <owner pid> <lab dir> <namespace>...
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const [ownerText, dir, ...namespaces] = process.argv.slice(2);
const owner = Number(ownerText);

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};
const run = (args) => {
  try {
    return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
  } catch {
    return '';
  }
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function cleanUp() {
  const existing = new Set(run(['netns', 'list']).split('\n').map((line) => line.trim().split(/\s+/)[0]));
  const ours = namespaces.filter((ns) => existing.has(ns));
  const pids = ours.flatMap((ns) => run(['netns', 'pids', ns]).split('\n').map(Number).filter((pid) => pid > 0));
  for (const pid of pids) {
    for (const signal of ['SIGCONT', 'SIGKILL']) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  }
  // Wait for the processes to be gone before removing their files.
  for (let waited = 0; waited < 5000 && pids.some((pid) => existsSync(`/proc/${pid}`)); waited += 50) await sleep(50);
  for (const ns of ours) run(['netns', 'delete', ns]);
  rmSync(dir, { recursive: true, force: true });
}

process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => undefined); // a terminal's Ctrl-C is for the owner, not for the watchdog
const timer = setInterval(() => {
  if (alive(owner)) return;
  clearInterval(timer);
  cleanUp().finally(() => process.exit(0));
}, 250);
