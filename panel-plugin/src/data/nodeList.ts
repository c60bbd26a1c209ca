import { naturalCompare } from './naturalOrder';

const maxSpokenNames = 6;

/**
 * Node names as an operator would say them: up to six names one by one ("n1 n2 n3"); longer
 * lists fold consecutive numbered runs of three or more ("n1–n101"), and past six items say
 * the first five and "and 40 more".
 */
export function nodeList(names: readonly string[]): string {
  const sorted = [...names].sort(naturalCompare);
  if (sorted.length <= maxSpokenNames) return sorted.join(' ');
  const items: string[] = [];
  let run: { prefix: string; first: number; last: number; names: string[] } | null = null;
  const flush = () => {
    if (!run) return;
    if (run.names.length >= 3) items.push(`${run.prefix}${run.first}–${run.prefix}${run.last}`);
    else items.push(...run.names);
    run = null;
  };
  for (const name of sorted) {
    const match = /^(.*?)(\d+)$/.exec(name);
    const prefix = match?.[1];
    const number = match ? Number(match[2]) : NaN;
    if (run && prefix === run.prefix && number === run.last + 1 && String(number) === match?.[2]) {
      run.last = number;
      run.names.push(name);
      continue;
    }
    flush();
    if (match && prefix !== undefined && String(number) === match[2]) run = { prefix, first: number, last: number, names: [name] };
    else items.push(name);
  }
  flush();
  if (items.length <= maxSpokenNames) return items.join(' ');
  return `${items.slice(0, maxSpokenNames - 1).join(' ')} and ${items.length - (maxSpokenNames - 1)} more`;
}
