import { cx } from '@emotion/css';
import { useStyles2 } from '@grafana/ui';
import { levelName } from '../data/banner';
import { NodeView } from '../data/matrixView';
import { ResolvedLink } from './dataLinks';
import { getTooltipStyles } from './tooltipStyles';
import { roleText } from './palette';

interface Props {
  node: NodeView;
  x: number;
  y: number;
  links: ResolvedLink[];
  formatTime: (ms: number) => string;
  bounds: { width: number; height: number };
  onClose: () => void;
}

/** A node's role, level, bridge mark and since when, with the node's data links. */
export function NodeTooltip({ node, x, y, links, formatTime, bounds, onClose }: Props) {
  const styles = useStyles2(getTooltipStyles);
  const width = 240;
  return (
    <div
      className={cx(styles.tooltip, styles.column)}
      style={{ left: Math.max(0, Math.min(x + 12, bounds.width - width)), top: Math.max(0, Math.min(y + 12, bounds.height - 120)), width }}
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
  );
}
