import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { AffectedNode } from '../data/affectedNodes';
import { levelName } from '../data/banner';
import { ZoneBlock } from '../data/collapseZones';
import { GlyphSet } from '../data/glyphs';
import { GroupSummary } from '../data/groupSummaries';
import { MatrixPalette, roleText } from './palette';

interface Props {
  groups: readonly GroupSummary[];
  /** In zone order: every zone, open (node by node) or collapsed; a click toggles it. */
  zones: readonly ZoneBlock[];
  onZoneToggle: (zone: string) => void;
  affected: readonly AffectedNode[];
  palette: MatrixPalette;
  glyphs: GlyphSet;
  formatTime: (ms: number) => string;
  width: number;
  height: number;
  fontSize: number;
  onNodeClick: (index: number) => void;
}

/**
 * The area beside (or below) the matrix that a wide panel used to leave empty: the sides of the
 * cut ("MINORITY · 99 nodes · L1 read-only"), the affected nodes by name with role, level and
 * since — so one isolated node among 200 is read, not searched for — and the legend. Lines that
 * do not fit are counted ("and 12 more"), never cut off.
 */
export function SidePanel({ groups, zones, onZoneToggle, affected, palette, glyphs, formatTime, width, height, fontSize, onNodeClick }: Props) {
  const styles = useStyles2(getStyles);
  const line = Math.ceil(fontSize * 1.35);
  const legendLines = 3;
  const headings = (groups.length > 1 ? 1 : 0) + (affected.length > 0 ? 1 : 0) + (zones.length > 0 ? 1 : 0);
  const room = Math.max(0, Math.floor(height / line) - legendLines - headings - 1);
  const shownGroups = groups.length > 1 ? groups.slice(0, Math.max(1, Math.min(groups.length, Math.floor(room / 3)))) : [];
  const shownZones = zones.slice(0, Math.max(0, Math.min(zones.length, Math.floor((room - shownGroups.length) / 2))));
  const left = room - shownGroups.length - shownZones.length;
  const shownAffected = affected.length > left ? affected.slice(0, Math.max(0, left - 1)) : affected;
  const hidden = affected.length - shownAffected.length;
  return (
    <div className={styles.side} style={{ width, height, fontSize, lineHeight: `${line}px` }} data-testid="netsplit-side">
      {shownGroups.length > 0 ? (
        <>
          <div className={styles.heading}>Sides</div>
          {shownGroups.map((group) => (
            <div key={group.first} className={styles.item} data-testid="netsplit-side-group">
              <span className={styles.swatch} style={{ background: palette.roles[group.role] }} />
              <span className={styles.groupText} title={group.text}>
                {group.text}
              </span>
            </div>
          ))}
        </>
      ) : null}
      {shownZones.length > 0 ? (
        <>
          <div className={styles.heading}>Zones{shownZones.length < zones.length ? ` (${shownZones.length} of ${zones.length})` : ''}</div>
          {shownZones.map((zone) => (
            <button
              type="button"
              key={zone.zone}
              className={styles.node}
              data-testid="netsplit-zone"
              data-zone={zone.zone}
              data-collapsed={zone.collapsed}
              aria-expanded={!zone.collapsed}
              title={`${zone.text}: click to ${zone.collapsed ? 'draw it node by node' : 'collapse it into one row'}`}
              onClick={() => onZoneToggle(zone.zone)}
            >
              <span className={styles.swatch} style={{ background: palette.roles[zone.role] }} />
              <span className={styles.groupText}>
                {zone.collapsed ? '▸' : '▾'} {zone.text}
              </span>
            </button>
          ))}
        </>
      ) : null}
      {affected.length > 0 ? (
        <>
          <div className={styles.heading}>Affected nodes</div>
          {shownAffected.map(({ index, node, reason }) => (
            <button
              type="button"
              key={node.name}
              className={styles.node}
              data-testid="netsplit-affected"
              data-node={node.name}
              title={`${node.name}: ${reason}, role ${roleText(node.role)}${node.level === null ? '' : `, L${node.level} ${levelName(node.level)}`}${node.sinceMs === null ? '' : `, since ${formatTime(node.sinceMs)}`}`}
              onClick={() => onNodeClick(index)}
            >
              <span className={styles.swatch} style={{ background: palette.roles[node.role] }} />
              <span className={styles.name}>{node.label}</span>
              <span className={styles.meta}>
                {reason}
                {node.level !== null && node.level > 0 ? ` · L${node.level}` : ''}
                {node.sinceMs === null ? '' : ` · ${formatTime(node.sinceMs)}`}
              </span>
            </button>
          ))}
          {hidden > 0 ? (
            <div className={styles.more} data-testid="netsplit-affected-more">
              and {hidden} more
            </div>
          ) : null}
        </>
      ) : null}
      <div className={styles.legend} data-testid="netsplit-legend">
        <span>
          <b style={{ background: palette.up, color: palette.onUp }}>{glyphs.up}</b> up <b style={{ background: palette.down, color: palette.onDown }}>{glyphs.down}</b> down{' '}
          <b style={{ background: palette.oneWay, color: palette.onOneWay }}>{glyphs.oneWay}</b> one-way <b style={{ background: palette.unknown, color: palette.onUnknown }}>{glyphs.unknown}</b> unknown
        </span>
        <span>row = from, column = to · OK MAJ MIN ISO roles</span>
        <span>L1 read-only · L2 cached · L3 emergency</span>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  side: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden', color: theme.colors.text.primary, flexShrink: 0 }),
  heading: css({ fontWeight: theme.typography.fontWeightBold, color: theme.colors.text.secondary, whiteSpace: 'nowrap' }),
  item: css({ display: 'flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap', overflow: 'hidden', fontWeight: theme.typography.fontWeightMedium, flexShrink: 0 }),
  node: css({
    display: 'flex',
    alignItems: 'center',
    gap: 6,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    background: 'none',
    border: 'none',
    padding: 0,
    color: 'inherit',
    font: 'inherit',
    textAlign: 'left',
    cursor: 'pointer',
    flexShrink: 0,
  }),
  swatch: css({ display: 'inline-block', width: '0.7em', height: '0.7em', borderRadius: 2, flexShrink: 0, border: `1px solid ${theme.colors.border.strong}` }),
  // The name is what the operator looks for: it keeps its width, the details give way.
  name: css({ fontWeight: theme.typography.fontWeightMedium, flexShrink: 0 }),
  groupText: css({ overflow: 'hidden', textOverflow: 'ellipsis' }),
  meta: css({ color: theme.colors.text.secondary, overflow: 'hidden', textOverflow: 'ellipsis' }),
  more: css({ color: theme.colors.text.secondary }),
  legend: css({
    marginTop: 'auto',
    display: 'flex',
    flexDirection: 'column',
    fontSize: '0.8em',
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    '& b': { padding: '0 0.3em', borderRadius: 2 },
  }),
});
