import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { Role } from '../data/matrixView';
import { MatrixPalette, roleText } from './palette';

const shortRole: Readonly<Record<Role, string>> = {
  healthy: 'OK',
  majority: 'MAJ',
  minority: 'MIN',
  isolated: 'ISO',
  warming: '…',
  unknown: '?',
};

interface Props {
  role: Role;
  level: number | null;
  bridge: boolean;
  palette: MatrixPalette;
  fontSize: number;
}

/** A node's role in words (short form on screen, full form for screen readers), level and bridge mark. */
export function RoleBadge({ role, level, bridge, palette, fontSize }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const on = (colour: string) => theme.colors.getContrastText(colour);
  const background = palette.roles[role];
  return (
    <span className={styles.badges} style={{ fontSize }}>
      <span className={styles.badge} style={{ background, color: on(background) }} title={roleText(role)} aria-label={`role ${roleText(role)}`}>
        {shortRole[role]}
      </span>
      {level !== null && level > 0 ? (
        <span className={styles.badge} style={{ background: palette.levels[level], color: on(palette.levels[level] ?? background) }} title={`degradation level ${level}`} aria-label={`level ${level}`}>
          L{level}
        </span>
      ) : null}
      {bridge ? (
        <span className={styles.bridge} title="bridge: the only path between groups" aria-label="bridge">
          ⇄
        </span>
      ) : null}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  badges: css({ display: 'inline-flex', gap: 2, alignItems: 'center', whiteSpace: 'nowrap', flexShrink: 0 }),
  badge: css({
    borderRadius: theme.shape.radius.default,
    padding: '0 0.25em',
    lineHeight: 1.3,
    fontWeight: theme.typography.fontWeightMedium,
    border: `1px solid ${theme.colors.border.medium}`,
  }),
  bridge: css({ fontWeight: theme.typography.fontWeightBold, color: theme.colors.warning.text }),
});
