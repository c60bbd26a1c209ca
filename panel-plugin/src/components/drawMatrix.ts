import { GlyphSet, glyphFor } from '../data/glyphs';
import { MatrixLayout } from '../data/layout';
import { DOWN, MatrixView, SELF, UNKNOWN, UP } from '../data/matrixView';
import { MatrixPalette } from './palette';
import { GridPosition } from './useGridFocus';

/** What was drawn, by kind: tests and the harness compare it with the view model. */
export interface DrawStats {
  up: number;
  down: number;
  oneWay: number;
  unknown: number;
  glyphs: number;
}

interface DrawInput {
  view: MatrixView;
  layout: MatrixLayout;
  palette: MatrixPalette;
  glyphs: GlyphSet;
  focus: GridPosition | null;
  groupEdges: boolean;
  font: string;
}

/**
 * Draws the matrix onto a 2D context in CSS pixels. Cells are batched into one path per state
 * (a 500×500 matrix is 250 000 rectangles); glyphs only when cells are big enough to read them.
 * Without glyphs the state still shows in shape, never in colour alone: down cells carry a
 * cross, unknown cells are drawn hollow.
 */
export function drawMatrix(ctx: CanvasRenderingContext2D, { view, layout, palette, glyphs, focus, groupEdges, font }: DrawInput): DrawStats {
  const count = view.nodes.length;
  const { cell, header } = layout;
  const stats: DrawStats = { up: 0, down: 0, oneWay: 0, unknown: 0, glyphs: 0 };
  ctx.clearRect(0, 0, layout.width, layout.height);
  const inset = cell >= 4 ? 1 : 0;
  const paths = { up: new Path2D(), down: new Path2D(), oneWay: new Path2D(), unknown: new Path2D(), cross: new Path2D() };
  for (let row = 0; row < count; row++) {
    const y = header + row * cell;
    for (let column = 0; column < count; column++) {
      const index = row * count + column;
      const state = view.states[index]!;
      if (state === SELF) continue;
      const x = header + column * cell;
      const size = cell - inset;
      if (state === UP) {
        paths.up.rect(x, y, size, size);
        stats.up++;
      } else if (state === UNKNOWN) {
        paths.unknown.rect(x + 0.5, y + 0.5, size - 1, size - 1);
        stats.unknown++;
      } else if (state === DOWN) {
        if (view.oneWay[index] === 1) {
          paths.oneWay.rect(x, y, size, size);
          stats.oneWay++;
        } else {
          paths.down.rect(x, y, size, size);
        }
        stats.down++;
        if (!layout.glyphs) {
          paths.cross.moveTo(x, y);
          paths.cross.lineTo(x + size, y + size);
          paths.cross.moveTo(x + size, y);
          paths.cross.lineTo(x, y + size);
        }
      }
    }
  }
  ctx.fillStyle = palette.up;
  ctx.fill(paths.up);
  ctx.fillStyle = palette.down;
  ctx.fill(paths.down);
  ctx.fillStyle = palette.oneWay;
  ctx.fill(paths.oneWay);
  ctx.strokeStyle = palette.unknown;
  ctx.lineWidth = 1;
  ctx.stroke(paths.unknown);
  ctx.strokeStyle = palette.onDown;
  ctx.lineWidth = Math.max(0.5, cell / 8);
  ctx.stroke(paths.cross);

  if (layout.glyphs) stats.glyphs = drawGlyphs(ctx, view, layout, palette, glyphs, font);
  if (groupEdges) drawGroupEdges(ctx, view, layout, palette);
  drawBridges(ctx, view, layout, palette);
  if (header > 0) drawHeaders(ctx, view, layout, palette, font);
  if (focus) {
    ctx.strokeStyle = palette.focus;
    ctx.lineWidth = 3;
    ctx.strokeRect(header + focus.column * cell + 1.5, header + focus.row * cell + 1.5, cell - 3, cell - 3);
  }
  return stats;
}

function drawGlyphs(ctx: CanvasRenderingContext2D, view: MatrixView, layout: MatrixLayout, palette: MatrixPalette, glyphs: GlyphSet, font: string): number {
  const count = view.nodes.length;
  const { cell, header } = layout;
  let drawn = 0;
  ctx.font = `bold ${layout.fontSize}px ${font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let row = 0; row < count; row++) {
    for (let column = 0; column < count; column++) {
      const index = row * count + column;
      const state = view.states[index]!;
      if (state === SELF) continue;
      const oneWay = view.oneWay[index] === 1;
      ctx.fillStyle = state === UP ? palette.onUp : state === DOWN ? (oneWay ? palette.onOneWay : palette.onDown) : palette.onUnknown;
      ctx.fillText(glyphFor(state, oneWay, glyphs), header + column * cell + cell / 2, header + row * cell + cell / 2);
      drawn++;
    }
  }
  return drawn;
}

function drawGroupEdges(ctx: CanvasRenderingContext2D, view: MatrixView, layout: MatrixLayout, palette: MatrixPalette): void {
  const { cell, header } = layout;
  const end = header + cell * view.nodes.length;
  ctx.strokeStyle = palette.groupEdge;
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let index = 1; index < view.nodes.length; index++) {
    if (view.nodes[index]!.group === view.nodes[index - 1]!.group) continue;
    const at = header + index * cell;
    ctx.moveTo(header, at);
    ctx.lineTo(end, at);
    ctx.moveTo(at, header);
    ctx.lineTo(at, end);
  }
  ctx.stroke();
}

/** A bridge node's row and column outlined, dashed: visible even when names do not fit. */
function drawBridges(ctx: CanvasRenderingContext2D, view: MatrixView, layout: MatrixLayout, palette: MatrixPalette): void {
  const { cell, header } = layout;
  const span = cell * view.nodes.length;
  ctx.save();
  ctx.strokeStyle = palette.bridge;
  ctx.lineWidth = 2;
  ctx.setLineDash([6, 3]);
  view.nodes.forEach((node, index) => {
    if (!node.bridge) return;
    ctx.strokeRect(header + 1, header + index * cell, span - 2, cell);
    ctx.strokeRect(header + index * cell, header + 1, cell, span - 2);
  });
  ctx.restore();
}

function drawHeaders(ctx: CanvasRenderingContext2D, view: MatrixView, layout: MatrixLayout, palette: MatrixPalette, font: string): void {
  const { cell, header } = layout;
  ctx.font = `${Math.max(8, layout.fontSize * 0.7)}px ${font}`;
  ctx.fillStyle = palette.groupEdge;
  ctx.textBaseline = 'middle';
  view.nodes.forEach((node, index) => {
    const label = `${node.name}${node.bridge ? ' ⇄' : ''}`;
    const middle = header + index * cell + cell / 2;
    // Row names, then column names turned upright along the top band.
    ctx.textAlign = 'right';
    ctx.fillStyle = palette.roles[node.role];
    ctx.fillRect(header - 6, middle - cell / 2 + 1, 4, cell - 2);
    ctx.fillStyle = palette.groupEdge;
    ctx.fillText(label, header - 10, middle);
    ctx.save();
    ctx.translate(middle, header - 10);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'left';
    ctx.fillText(label, 0, 0);
    ctx.restore();
    ctx.fillStyle = palette.roles[node.role];
    ctx.fillRect(middle - cell / 2 + 1, header - 6, cell - 2, 4);
  });
}
