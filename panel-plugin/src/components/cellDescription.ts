import { CellView, CellState } from '../data/matrixView';

const stateWords: Readonly<Record<CellState, string>> = { up: 'up', down: 'down', unknown: 'unknown', self: 'self' };

/** The words a screen reader (and the tooltip) uses for one cell: both directions, always. */
export function describeCell(cell: CellView, formatRtt: (seconds: number) => string): string {
  if (cell.state === 'self') return `${cell.source}: itself`;
  const oneWay = cell.oneWay ? ' (one-way)' : '';
  const rtt = cell.rttSeconds !== null ? `, RTT ${formatRtt(cell.rttSeconds)}` : '';
  // A collapsed zone's cell shows its worst link: say how many of its links that is.
  const links = cell.links ? ` (${cell.links.down} of ${cell.links.total} links down)` : '';
  return `${cell.source} to ${cell.target}: ${stateWords[cell.state]}${oneWay}${links}; ${cell.target} to ${cell.source}: ${stateWords[cell.reverse]}${rtt}`;
}
