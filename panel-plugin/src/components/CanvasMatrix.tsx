import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { memo, MouseEvent, useLayoutEffect, useRef, useState } from 'react';
import { cellAtPoint, MatrixLayout } from '../data/layout';
import { DrawStats, drawMatrix } from './drawMatrix';
import { MatrixRendererProps } from './matrixProps';

/**
 * The matrix on a canvas, for node counts where tens of thousands of elements would make the
 * DOM slow. Hit-testing maps the pointer to a cell; a live region speaks the focused cell.
 */
export const CanvasMatrix = memo(function CanvasMatrix(props: MatrixRendererProps) {
  const { view, layout, palette, glyphs, focus, edges, blocks, markers } = props;
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [stats, setStats] = useState<DrawStats | null>(null);
  const [hasFocus, setHasFocus] = useState(false);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ratio = window.devicePixelRatio || 1;
    const pixelWidth = Math.ceil(layout.width * ratio);
    const pixelHeight = Math.ceil(layout.height * ratio);
    // Assigning a size, even the same one, throws the bitmap away: only when it changed, and
    // before the first getContext, so that no bitmap of the default 300 × 150 is made first.
    if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
      canvas.width = pixelWidth;
      canvas.height = pixelHeight;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const drawn = drawMatrix(ctx, { view, layout, palette, glyphs, focus: hasFocus ? focus : null, edges, blocks, markers, font: theme.typography.fontFamily });
    setStats((previous) => (previous && sameStats(previous, drawn) ? previous : drawn));
  }, [view, layout, palette, glyphs, focus, hasFocus, edges, blocks, markers, theme]);

  const cellOf = (event: MouseEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    return { cell: cellAtPoint(layout, x, y), x, y };
  };

  return (
    <div className={styles.wrapper}>
      <canvas
        ref={canvasRef}
        className={styles.canvas}
        style={{ width: layout.width, height: layout.height }}
        tabIndex={0}
        role="application"
        aria-roledescription="connectivity matrix"
        aria-label={props.ariaLabel}
        data-testid="netsplit-canvas"
        data-layout={`${layout.header} ${layout.cell} ${layout.gutter}`}
        data-drawn-up={stats?.up}
        data-drawn-down={stats?.down}
        data-drawn-one-way={stats?.oneWay}
        data-drawn-unknown={stats?.unknown}
        data-drawn-glyphs={stats?.glyphs}
        data-drawn-markers={stats?.markers.join(' ')}
        data-drawn-blocks={stats?.blocks.join('|')}
        onFocus={() => setHasFocus(true)}
        onBlur={() => setHasFocus(false)}
        onKeyDown={props.onKeyDown}
        onMouseMove={(event) => {
          const { cell, x, y } = cellOf(event);
          props.onHover(cell, x, y);
        }}
        onMouseLeave={() => props.onHover(null, 0, 0)}
        onClick={(event) => {
          const { cell, x, y } = cellOf(event);
          if (cell) {
            props.onFocusCell(cell);
            props.onPin(cell, x, y);
            return;
          }
          const node = nodeAtHeader(layout, x, y);
          if (node !== null) props.onNodeClick(node, x, y);
        }}
      />
      <div className={styles.liveRegion} aria-live="polite" data-testid="netsplit-focused-cell">
        {hasFocus ? props.describe(focus.row, focus.column) : ''}
      </div>
    </div>
  );
});

/** The node whose name band (left of the rows or above the columns) is under a point. */
function nodeAtHeader(layout: MatrixLayout, x: number, y: number): number | null {
  if (layout.header === 0) return null;
  const along = x < layout.header && y >= layout.header ? y : y < layout.header && x >= layout.header ? x : null;
  if (along === null) return null;
  const index = Math.floor((along - layout.header) / layout.cell);
  return index < layout.count ? index : null;
}

function sameStats(a: DrawStats, b: DrawStats): boolean {
  return (
    a.up === b.up &&
    a.down === b.down &&
    a.oneWay === b.oneWay &&
    a.unknown === b.unknown &&
    a.glyphs === b.glyphs &&
    a.markers.join(' ') === b.markers.join(' ') &&
    a.blocks.join('|') === b.blocks.join('|')
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ position: 'relative' }),
  canvas: css({ display: 'block', '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` } }),
  liveRegion: css({ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' }),
});
