/** What the benches read of another process from /proc (Linux): its CPU time, its resident memory and its context switches. */
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND; // utime + stime
}

/** Resident set size in MiB. */
export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

/**
 * The main thread's context switches so far. Voluntary: the event loop went to sleep (in epoll)
 * and was woken, which costs a switch whatever it then does. Involuntary: the kernel took the
 * core away while it ran (another process wanted it).
 */
export function contextSwitches(pid: number): { voluntary: number; involuntary: number } {
  const lines = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n');
  const count = (name: string) => Number(lines.find((l) => l.startsWith(`${name}:`))!.split(/\s+/)[1]);
  return { voluntary: count('voluntary_ctxt_switches'), involuntary: count('nonvoluntary_ctxt_switches') };
}
