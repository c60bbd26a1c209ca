import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';

/** The look both tooltips share (cell and node), from theme tokens so both themes work. */
export const getTooltipStyles = (theme: GrafanaTheme2) => ({
  tooltip: css({
    position: 'absolute',
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
