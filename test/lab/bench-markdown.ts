/**
 * The lab bench's rows as the Markdown table of docs/lab.md: one line per topology, median and
 * max of detect and heal per heartbeat interval.
 */
import type { BenchRow } from '../../exporter/bench/harness';

const CASE = /^(.*) @(\S+) (detect|heal)$/;

export function markdownTable(rows: readonly BenchRow[]): string {
  const topologies: string[] = [];
  const intervals: string[] = [];
  const cell = new Map<string, BenchRow>();
  for (const row of rows) {
    const match = CASE.exec(row.case);
    if (match === null) continue;
    const [, topology, interval, kind] = match as unknown as [string, string, string, string];
    if (!topologies.includes(topology)) topologies.push(topology);
    if (!intervals.includes(interval)) intervals.push(interval);
    cell.set(`${topology}|${interval}|${kind}`, row);
  }
  const fmt = (row: BenchRow | undefined) => (row === undefined ? '–' : `${Math.round(row.median)} / ${Math.round(row.max)}`);
  const header = ['topology', ...intervals.flatMap((i) => [`detect @${i}`, `heal @${i}`])];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const topology of topologies) {
    lines.push(`| ${topology} | ${intervals.flatMap((i) => [fmt(cell.get(`${topology}|${i}|detect`)), fmt(cell.get(`${topology}|${i}|heal`))]).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n\nms, median / max over ${rows[0]?.samples ?? 0} runs.`;
}
