import { GrafanaTheme2 } from '@grafana/data';
import { ColourMode } from '../options';
import { Role } from '../data/matrixView';
import { RiskSeverity } from '../data/risk';

/** Cell and badge colours for one theme and colour mode. Glyphs carry the meaning; colour helps. */
export interface MatrixPalette {
  up: string;
  down: string;
  oneWay: string;
  unknown: string;
  self: string;
  /** Glyph colour on each background, picked for contrast. */
  onUp: string;
  onDown: string;
  onOneWay: string;
  onUnknown: string;
  grid: string;
  groupEdge: string;
  /** Behind block labels drawn over cells: the panel's background, so the text reads on any state. */
  labelBackground: string;
  focus: string;
  /** Outline of a bridge node's row and column. */
  bridge: string;
  roles: Readonly<Record<Role, string>>;
  levels: readonly string[];
  /** Risk chip: critical (split brain) red, warning amber, ok the "up" colour. */
  risk: Readonly<Record<RiskSeverity, string>>;
}

export function matrixPalette(theme: GrafanaTheme2, mode: ColourMode): MatrixPalette {
  const named = (name: string) => theme.visualization.getColorByName(name);
  const neutral = theme.colors.background.secondary;
  const base =
    mode === 'standard'
      ? { up: named('green'), down: named('red'), oneWay: named('orange'), unknown: theme.colors.action.disabledBackground }
      : mode === 'colourBlind'
        ? // Blue/orange stay apart for protanopia, deuteranopia and tritanopia alike.
          { up: named('blue'), down: named('orange'), oneWay: named('purple'), unknown: theme.colors.action.disabledBackground }
        : { up: neutral, down: neutral, oneWay: neutral, unknown: neutral };
  const on = (background: string) => (mode === 'none' ? theme.colors.text.primary : theme.colors.getContrastText(background));
  const roleColours: Record<Role, string> =
    mode === 'none'
      ? { healthy: neutral, majority: neutral, minority: neutral, isolated: neutral, warming: neutral, unknown: neutral }
      : {
          healthy: base.up,
          majority: mode === 'colourBlind' ? named('light-blue') : named('blue'),
          minority: mode === 'colourBlind' ? named('orange') : named('orange'),
          isolated: mode === 'colourBlind' ? named('dark-orange') : named('red'),
          warming: theme.colors.action.disabledBackground,
          unknown: theme.colors.action.disabledBackground,
        };
  return {
    ...base,
    self: 'transparent',
    onUp: on(base.up),
    onDown: on(base.down),
    onOneWay: on(base.oneWay),
    onUnknown: theme.colors.text.primary,
    grid: theme.colors.background.primary,
    groupEdge: theme.colors.text.primary,
    labelBackground: theme.colors.background.primary,
    focus: theme.colors.primary.main,
    bridge: theme.colors.warning.main,
    roles: roleColours,
    // Red and amber whatever the colour mode: the chip's text says the risk, the colour shouts it.
    risk: { critical: named('red'), warning: named('orange'), ok: mode === 'none' ? neutral : base.up },
    levels:
      mode === 'none'
        ? [neutral, neutral, neutral, neutral]
        : mode === 'colourBlind'
          ? [named('blue'), named('yellow'), named('orange'), named('purple')]
          : [named('green'), named('yellow'), named('orange'), named('red')],
  };
}

export function roleText(role: Role): string {
  return role === 'unknown' ? 'no data' : role === 'warming' ? 'starting' : role;
}
