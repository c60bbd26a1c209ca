/**
 * A compact row (types.ts: one character per member, `u` up, `d` down, anything else unknown)
 * read as runs of one known state. Rows are mostly long runs (a healthy mesh, the sides of a
 * cut), so reading them a run at a time instead of a character at a time is what keeps the
 * analysis in milliseconds at thousands of members.
 *
 * A run's end is found with native `indexOf` (the next character of another state: a memchr, no
 * match objects, ~10 GB/s) and confirmed with one native string comparison against a run of its
 * character — so a character this version does not know inside it still reads as unknown. Both
 * are far faster than a regex scan (~4×) or `startsWith(…, position)` (~40×) at these lengths.
 * Rows with many runs (alternating states) go on one character at a time after MAX_RUNS.
 */
import { LINK_STATE_CHAR } from '../contract/vocabulary';

/** The state of a run: the codes of links.ts. */
export const RUN_UP = 1;
export const RUN_DOWN = 2;
export type RunCode = typeof RUN_UP | typeof RUN_DOWN;

/** Positions [start, end) of the row all read `code`. */
export type RunVisitor = (start: number, end: number, code: RunCode) => void;

const CHAR_U = LINK_STATE_CHAR.up.charCodeAt(0);
const CHAR_D = LINK_STATE_CHAR.down.charCodeAt(0);
/** Runs per row before the scan gives way to a plain character loop. */
const MAX_RUNS = 64;

export class RunScanner {
  private readonly upRun: string;
  private readonly downRun: string;

  /** `longest`: the longest row it will read (the member count). */
  constructor(longest: number) {
    this.upRun = LINK_STATE_CHAR.up.repeat(longest);
    this.downRun = LINK_STATE_CHAR.down.repeat(longest);
  }

  /** Visits every run of up and of down among the first `length` characters, in order. */
  scan(states: string, length: number, visit: RunVisitor): void {
    let nextUp = -1;
    let nextDown = -1;
    let nextUnknown = -1;
    let p = 0;
    for (let count = 0; count < MAX_RUNS && p < length; count++) {
      if (nextUp < p) nextUp = next(states, LINK_STATE_CHAR.up, p, length);
      if (nextDown < p) nextDown = next(states, LINK_STATE_CHAR.down, p, length);
      const c = states.charCodeAt(p);
      if (c !== CHAR_U && c !== CHAR_D) {
        p = Math.min(nextUp, nextDown); // no known state up to there
        continue;
      }
      if (nextUnknown < p) nextUnknown = next(states, LINK_STATE_CHAR.unknown, p, length);
      const end = Math.min(c === CHAR_U ? nextDown : nextUp, nextUnknown);
      const run = c === CHAR_U ? this.upRun : this.downRun;
      if (end - p <= run.length && states.substring(p, end) === run.substring(0, end - p)) visit(p, end, c === CHAR_U ? RUN_UP : RUN_DOWN);
      else visitChars(states, p, end, visit);
      p = end;
    }
    visitChars(states, p, length, visit);
  }
}

/** The next position of `char` at or after `from`, or `length` when there is none before it. */
function next(states: string, char: string, from: number, length: number): number {
  const at = states.indexOf(char, from);
  return at < 0 || at > length ? length : at;
}

/** Positions [from, to) a character at a time, equal neighbours joined into one run. */
function visitChars(states: string, from: number, to: number, visit: RunVisitor): void {
  let start = from;
  let code = 0;
  for (let i = from; i < to; i++) {
    const c = states.charCodeAt(i);
    const here = c === CHAR_U ? RUN_UP : c === CHAR_D ? RUN_DOWN : 0;
    if (here === code) continue;
    if (code !== 0) visit(start, i, code as RunCode);
    start = i;
    code = here;
  }
  if (code !== 0 && start < to) visit(start, to, code as RunCode);
}
