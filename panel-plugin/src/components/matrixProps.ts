import { GlyphSet } from '../data/glyphs';
import { GroupSummary } from '../data/groupSummaries';
import { MatrixLayout } from '../data/layout';
import { MatrixView } from '../data/matrixView';
import { MatrixPalette } from './palette';
import { GridPosition } from './useGridFocus';

/** What both renderers (DOM grid and canvas) receive from the panel. */
export interface MatrixRendererProps {
  view: MatrixView;
  layout: MatrixLayout;
  palette: MatrixPalette;
  glyphs: GlyphSet;
  focus: GridPosition;
  /** Rows (and columns) where a new block begins — partition groups or zones: a line is drawn before each. */
  edges: readonly number[];
  /** Partition blocks, labelled on the matrix when they are big enough ("MINORITY · 99 nodes · L1 read-only"). */
  blocks: readonly GroupSummary[];
  /** Display indexes of affected nodes: their rows and columns get an edge marker in the gutter. */
  markers: readonly number[];
  ariaLabel: string;
  describe: (row: number, column: number) => string;
  onFocusCell: (position: GridPosition) => void;
  onKeyDown: (event: React.KeyboardEvent) => void;
  /** x/y relative to the matrix's top-left corner. */
  onHover: (position: GridPosition | null, x: number, y: number) => void;
  onPin: (position: GridPosition, x: number, y: number) => void;
  /** A row or column header was clicked: the node's tooltip and links. */
  onNodeClick: (index: number, x: number, y: number) => void;
}

export function cellColours(palette: MatrixPalette, state: number, oneWay: boolean): { background: string; color: string } {
  switch (state) {
    case 1:
      return { background: palette.up, color: palette.onUp };
    case 2:
      return oneWay ? { background: palette.oneWay, color: palette.onOneWay } : { background: palette.down, color: palette.onDown };
    case 3:
      return { background: palette.unknown, color: palette.onUnknown };
    default:
      return { background: palette.self, color: palette.onUnknown };
  }
}
