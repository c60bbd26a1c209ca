import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { forwardRef } from 'react';
import { Banner } from '../data/banner';
import { levelChipTone, Risk } from '../data/risk';
import { MatrixPalette } from './palette';

interface Props {
  banner: Banner;
  risk: Risk;
  /** Failed queries, missing metrics, derived roles, stale data: shown, never swallowed. */
  problems: readonly string[];
  palette: MatrixPalette;
  fontSize: number;
}

/**
 * The line read across the room: the risk, the cluster's level, and one sentence. The sentence
 * is clamped to two lines (the full text is its tooltip) so the banner's height is bounded and
 * the matrix below is sized from what the banner really takes (measured by the panel).
 */
export const StatusBanner = forwardRef<HTMLDivElement, Props>(function StatusBanner({ banner, risk, problems, palette, fontSize }, ref) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const tone = levelChipTone(banner.level, risk);
  const levelColour = tone === 'neutral' ? theme.colors.background.canvas : banner.level === null ? palette.unknown : palette.levels[banner.level] ?? palette.down;
  const riskColour = palette.risk[risk.severity];
  const problemText = problems.join(' · ');
  return (
    <div ref={ref} className={styles.banner} role="status" aria-live="polite" data-testid="netsplit-banner" data-kind={banner.kind} style={{ fontSize }}>
      <span className={styles.chips}>
        <span className={styles.chip} style={{ background: riskColour, color: theme.colors.getContrastText(riskColour) }} data-testid="netsplit-risk" data-severity={risk.severity}>
          {risk.text}
        </span>
        <span className={styles.chip} style={{ background: levelColour, color: theme.colors.getContrastText(levelColour) }} data-testid="netsplit-level" data-tone={tone}>
          {banner.level === null ? 'L?' : `L${banner.level}`} · {banner.levelName}
        </span>
      </span>
      <span className={styles.text}>
        <span className={styles.sentence} data-testid="netsplit-sentence" title={banner.sentence}>
          {banner.sentence}
        </span>
        <span className={styles.detail} data-testid="netsplit-detail">
          {banner.detail}
        </span>
        {problems.length > 0 ? (
          <span className={styles.problems} data-testid="netsplit-problems" title={problemText}>
            ⚠ {problemText}
          </span>
        ) : null}
      </span>
    </div>
  );
});

const clamp = (lines: number) => ({
  display: '-webkit-box',
  WebkitBoxOrient: 'vertical' as const,
  WebkitLineClamp: lines,
  overflow: 'hidden',
  overflowWrap: 'anywhere' as const,
});

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
  chips: css({ display: 'flex', flexDirection: 'column', gap: 2, alignItems: 'stretch', flexShrink: 0, fontSize: '0.8em' }),
  chip: css({
    borderRadius: theme.shape.radius.default,
    padding: '0.1em 0.5em',
    fontWeight: theme.typography.fontWeightBold,
    whiteSpace: 'nowrap',
    textAlign: 'center',
    border: `1px solid ${theme.colors.border.strong}`,
  }),
  text: css({ display: 'flex', flexDirection: 'column', minWidth: 0 }),
  sentence: css({ ...clamp(2), fontWeight: theme.typography.fontWeightMedium, color: theme.colors.text.primary, lineHeight: 1.2 }),
  detail: css({ fontSize: '0.6em', color: theme.colors.text.secondary, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }),
  problems: css({ ...clamp(1), fontSize: '0.6em', color: theme.colors.warning.text }),
});
