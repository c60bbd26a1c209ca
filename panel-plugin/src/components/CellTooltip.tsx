import { Portal, useStyles2 } from '@grafana/ui';
import { CellView } from '../data/matrixView';
import { ResolvedLink } from './dataLinks';
import { getTooltipStyles, tooltipPosition } from './tooltipStyles';

export interface TooltipContent {
  cell: CellView;
  x: number;
  y: number;
  pinned: boolean;
}

interface Props extends TooltipContent {
  glyph: (state: CellView['state'], oneWay: boolean) => string;
  formatRtt: (seconds: number) => string;
  /** The RTT's colour from the field's thresholds (standard field config). */
  rttColour: (seconds: number) => string | undefined;
  formatTime: (ms: number) => string;
  links: ResolvedLink[];
  /** The matrix's top-left corner in the viewport: x/y are relative to it. */
  anchor: { left: number; top: number };
  onClose: () => void;
}

/**
 * Pair, state each way, RTT, since when, and the cell's data links (clickable once pinned).
 * Rendered through Grafana's portal, placed in the viewport: never clipped by the panel's edge.
 */
export function CellTooltip({ cell, x, y, pinned, glyph, formatRtt, rttColour, formatTime, links, anchor, onClose }: Props) {
  const styles = useStyles2(getTooltipStyles);
  const width = 260;
  if (cell.state === 'self') return null;
  return (
    <Portal>
    <div className={styles.tooltip} style={{ ...tooltipPosition(anchor, x, y, width), width, pointerEvents: pinned ? 'auto' : 'none' }} role="tooltip" data-testid="netsplit-tooltip">
      <div className={styles.title}>
        {cell.source} ⇄ {cell.target}
        {pinned ? (
          <button type="button" className={styles.close} onClick={onClose} aria-label="Close">
            ×
          </button>
        ) : null}
      </div>
      <div>
        {glyph(cell.state, cell.oneWay)} {cell.source} → {cell.target}: {cell.state}
        {cell.oneWay ? ' (one-way)' : ''}
      </div>
      <div>
        {glyph(cell.reverse, cell.reverse === 'down' && cell.state === 'up')} {cell.target} → {cell.source}: {cell.reverse}
      </div>
      {cell.links ? (
        <div data-testid="netsplit-tooltip-links">
          {cell.links.down} of {cell.links.total} links down (a collapsed zone: the worst link is shown)
        </div>
      ) : null}
      <div>
        RTT {cell.source} → {cell.target}:{' '}
        {cell.rttSeconds === null ? 'unknown' : <span style={{ color: rttColour(cell.rttSeconds) }}>{formatRtt(cell.rttSeconds)}</span>}
      </div>
      {cell.sinceMs !== null ? <div>since {formatTime(cell.sinceMs)}</div> : null}
      {links.length > 0 ? (
        <div className={styles.links}>
          {pinned ? null : <div className={styles.hint}>click the cell for links</div>}
          {links.map((link) => (
            <a key={link.href + link.title} href={link.href} target={link.target} rel="noreferrer" className={styles.link}>
              {link.title}
            </a>
          ))}
        </div>
      ) : null}
    </div>
    </Portal>
  );
}
