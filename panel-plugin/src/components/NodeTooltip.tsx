import { cx } from '@emotion/css';
import { Portal, useStyles2 } from '@grafana/ui';
import { levelName } from '../data/banner';
import { NodeView } from '../data/matrixView';
import { ResolvedLink } from './dataLinks';
import { getTooltipStyles, tooltipPosition } from './tooltipStyles';
import { roleText } from './palette';

interface Props {
  node: NodeView;
  x: number;
  y: number;
  links: ResolvedLink[];
  formatTime: (ms: number) => string;
  /** The matrix's top-left corner in the viewport: x/y are relative to it. */
  anchor: { left: number; top: number };
  onClose: () => void;
}

/** A node's role, level, bridge mark and since when, with the node's data links. */
export function NodeTooltip({ node, x, y, links, formatTime, anchor, onClose }: Props) {
  const styles = useStyles2(getTooltipStyles);
  const width = 240;
  return (
    <Portal>
    <div
      className={cx(styles.tooltip, styles.column)}
      style={{ ...tooltipPosition(anchor, x, y, width), width }}
      role="dialog"
      aria-label={`node ${node.name}`}
      data-testid="netsplit-node-tooltip"
    >
      <div className={styles.title}>
        {node.name}
        <button type="button" className={styles.close} onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      <div>role: {roleText(node.role)}</div>
      <div>level: {node.level === null ? 'unknown' : `${node.level} · ${levelName(node.level)}`}</div>
      {node.bridge ? <div>bridge: the only path between groups</div> : null}
      {node.sinceMs !== null ? <div>since {formatTime(node.sinceMs)}</div> : null}
      {links.map((link) => (
        <a key={link.href + link.title} href={link.href} target={link.target} rel="noreferrer" className={styles.link}>
          {link.title}
        </a>
      ))}
    </div>
    </Portal>
  );
}
