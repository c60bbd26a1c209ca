/**
 * Run-length form of a row's states for the wire: `u999d1` instead of 999 `u` and one `d`. A healthy
 * row of 1000 members is five characters; a run of one is written without its count (`u3du2` is
 * `uuuduu`). Signatures stay over the expanded states, so a relay may re-encode a row freely.
 */

const RUN = /([ud?])(\d{0,5})/gy;

export function encodeRuns(states: string): string {
  let out = '';
  let i = 0;
  while (i < states.length) {
    const char = states[i]!;
    let end = i + 1;
    while (end < states.length && states[end] === char) end++;
    const length = end - i;
    out += length === 1 ? char : `${char}${length}`;
    i = end;
  }
  return out;
}

/**
 * Expands untrusted runs to exactly `length` states, or returns undefined when the text is not
 * runs of `u d ?` or does not add up to `length` (checked before anything is allocated).
 */
export function decodeRuns(runs: string, length: number): string | undefined {
  if (runs.length > 6 * length + 6) return undefined;
  const parts: [string, number][] = [];
  let total = 0;
  RUN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while (RUN.lastIndex < runs.length && (match = RUN.exec(runs)) !== null) {
    const count = match[2] === '' ? 1 : Number(match[2]);
    if (count === 0) return undefined;
    total += count;
    if (total > length) return undefined;
    parts.push([match[1]!, count]);
  }
  if (RUN.lastIndex !== runs.length || total !== length) return undefined;
  let out = '';
  for (const [char, count] of parts) out += char.repeat(count);
  return out;
}
