import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';

/** The look both tooltips share (cell and node), from theme tokens so both themes work. */
export const getTooltipStyles = (theme: GrafanaTheme2) => ({
  tooltip: css({
    // In Grafana's portal container, placed in viewport coordinates (tooltipPosition).
    position: 'fixed',
    zIndex: theme.zIndex.tooltip,
    background: theme.colors.background.elevated,
    color: theme.colors.text.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    boxShadow: theme.shadows.z3,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: 1.5,
  }),
  column: css({ display: 'flex', flexDirection: 'column' }),
  title: css({ fontWeight: theme.typography.fontWeightBold, display: 'flex', justifyContent: 'space-between' }),
  close: css({ background: 'none', border: 'none', color: theme.colors.text.secondary, cursor: 'pointer' }),
  links: css({ display: 'flex', flexDirection: 'column', marginTop: theme.spacing(0.5) }),
  hint: css({ color: theme.colors.text.secondary }),
  link: css({ color: theme.colors.text.link }),
});

/** Viewport position for a tooltip next to a point of the matrix, kept inside the window. */
export function tooltipPosition(anchor: { left: number; top: number }, x: number, y: number, width: number): { left: number; top: number } {
  const viewportWidth = typeof window === 'undefined' ? Infinity : window.innerWidth;
  const viewportHeight = typeof window === 'undefined' ? Infinity : window.innerHeight;
  return {
    left: Math.max(0, Math.min(anchor.left + x + 12, viewportWidth - width - 4)),
    top: Math.max(0, Math.min(anchor.top + y + 12, viewportHeight - 160)),
  };
}
