import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { Banner } from '../data/banner';
import { MatrixPalette } from './palette';

interface Props {
  banner: Banner;
  palette: MatrixPalette;
  fontSize: number;
}

/** The line read across the room: the cluster's level and one sentence. */
export function StatusBanner({ banner, palette, fontSize }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const levelColour = banner.level === null ? palette.unknown : palette.levels[banner.level] ?? palette.down;
  return (
    <div className={styles.banner} role="status" aria-live="polite" data-testid="netsplit-banner" data-kind={banner.kind} style={{ fontSize }}>
      <span className={styles.level} style={{ background: levelColour, color: theme.colors.getContrastText(levelColour) }} data-testid="netsplit-level">
        {banner.level === null ? 'L?' : `L${banner.level}`} · {banner.levelName}
      </span>
      <span className={styles.text}>
        <span className={styles.sentence} data-testid="netsplit-sentence">
          {banner.sentence}
        </span>
        <span className={styles.detail}>{banner.detail}</span>
      </span>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  banner: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 1),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    overflow: 'hidden',
    flexShrink: 0,
  }),
  level: css({
    borderRadius: theme.shape.radius.default,
    padding: '0.1em 0.5em',
    fontWeight: theme.typography.fontWeightBold,
    whiteSpace: 'nowrap',
    border: `1px solid ${theme.colors.border.strong}`,
  }),
  text: css({ display: 'flex', flexDirection: 'column', minWidth: 0 }),
  sentence: css({ fontWeight: theme.typography.fontWeightMedium, color: theme.colors.text.primary, lineHeight: 1.2 }),
  detail: css({ fontSize: '0.6em', color: theme.colors.text.secondary }),
});
