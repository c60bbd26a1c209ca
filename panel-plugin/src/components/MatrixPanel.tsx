import { css } from '@emotion/css';
import { dateTimeFormat, FieldType, formattedValueToString, getDisplayProcessor, GrafanaTheme2, PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useCallback, useMemo, useState } from 'react';
import { buildBanner } from '../data/banner';
import { buildMatrixView } from '../data/buildMatrixView';
import { glyphFor, glyphSets } from '../data/glyphs';
import { matrixLayout } from '../data/layout';
import { cellAt, cellStateCodes } from '../data/matrixView';
import { memoizeLast } from '../data/memoizeLast';
import { MatrixOptions, withDefaults } from '../options';
import { CanvasMatrix } from './CanvasMatrix';
import { describeCell } from './cellDescription';
import { CellTooltip, TooltipContent } from './CellTooltip';
import { resolveLinks } from './dataLinks';
import { DomMatrix } from './DomMatrix';
import { MatrixRendererProps } from './matrixProps';
import { NodeTooltip } from './NodeTooltip';
import { matrixPalette } from './palette';
import { StatusBanner } from './StatusBanner';
import { GridPosition, useGridFocus } from './useGridFocus';

/** Wires the pure view model to the renderers: no decisions about the cluster are made here. */
export function MatrixPanel(props: PanelProps<MatrixOptions>) {
  const { data, width, height, fieldConfig, replaceVariables, timeZone } = props;
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const options = useMemo(() => withDefaults(props.options), [props.options]);
  const [selectView] = useState(() => memoizeLast(buildMatrixView));
  const result = selectView(data.series, options);
  const [hover, setHover] = useState<TooltipContent | null>(null);

  const palette = useMemo(() => matrixPalette(theme, options.colourMode), [theme, options.colourMode]);
  const formatTime = useCallback((ms: number) => dateTimeFormat(ms, { format: 'HH:mm:ss', timeZone }), [timeZone]);
  // RTT goes through the standard field config: unit, decimals, value mappings, thresholds.
  const rttDisplay = useMemo(
    () => getDisplayProcessor({ field: { type: FieldType.number, config: { unit: 's', ...fieldConfig.defaults } }, theme, timeZone }),
    [fieldConfig.defaults, theme, timeZone],
  );
  const formatRtt = useCallback((seconds: number) => formattedValueToString(rttDisplay(seconds)), [rttDisplay]);
  const rttColour = useCallback((seconds: number) => rttDisplay(seconds).color, [rttDisplay]);
  const [nodeTip, setNodeTip] = useState<{ index: number; x: number; y: number } | null>(null);

  const view = result.kind === 'matrix' ? result.view : null;
  const count = view?.nodes.length ?? 0;
  const pin = useCallback(
    (position: GridPosition | null) => {
      if (!view || !position) {
        setHover(null);
        setNodeTip(null);
        return;
      }
      // The diagonal cell is the node itself: Enter there opens the node, with its links.
      if (position.row === position.column) {
        setHover(null);
        setNodeTip({ index: position.row, x: 0, y: 0 });
        return;
      }
      setNodeTip(null);
      setHover((previous) => ({ cell: cellAt(view, position.row, position.column), x: previous?.x ?? 0, y: previous?.y ?? 0, pinned: true }));
    },
    [view],
  );
  const { focus, setFocus, onKeyDown } = useGridFocus(count, pin);

  if (result.kind === 'noData') {
    return <PanelDataErrorView panelId={props.id} fieldConfig={fieldConfig} data={data} needsNumberField message="No data" />;
  }
  if (result.kind === 'noLinks') {
    const { source, target } = options.labels;
    return (
      <PanelDataErrorView
        panelId={props.id}
        fieldConfig={fieldConfig}
        data={data}
        needsNumberField
        message={`No ${result.metric} series with labels "${source}" and "${target}": add the query ${result.metric}, or set the label names in the panel options`}
      />
    );
  }
  if (result.kind === 'tooManyNodes') {
    return (
      <div className={styles.message} role="alert" data-testid="netsplit-too-many">
        {result.nodes} nodes — this panel draws at most {result.maxNodes} (option “Max nodes”). Filter the query by cluster, or raise the limit.
      </div>
    );
  }

  const matrixView = result.view;
  const banner = buildBanner(matrixView, formatTime);
  const bannerFont = Math.round(Math.max(14, Math.min(44, width / 45)));
  const bannerHeight = options.showBanner ? Math.ceil(bannerFont * 2.1 + 16) : 0;
  const longestName = Math.max(...matrixView.nodes.map((node) => node.name.length));
  const layout = matrixLayout(count, width, Math.max(0, height - bannerHeight - 8), longestName);
  const glyphs = glyphSets[options.glyphMode];
  const describe = (row: number, column: number) => describeCell(cellAt(matrixView, row, column), formatRtt);
  const links = fieldConfig.defaults.links;

  const rendererProps: MatrixRendererProps = {
    view: matrixView,
    layout,
    palette,
    glyphs,
    focus,
    groupEdges: options.sort === 'partition' && matrixView.groups.length > 1,
    ariaLabel: `Connectivity matrix, ${count} nodes, rows are sources, columns are targets. ${banner.sentence}`,
    describe,
    onFocusCell: setFocus,
    onKeyDown,
    onHover: (position, x, y) => {
      setHover((previous) => {
        if (previous?.pinned) return previous;
        return position ? { cell: cellAt(matrixView, position.row, position.column), x, y, pinned: false } : null;
      });
    },
    onPin: (position, x, y) => {
      if (position.row === position.column) {
        setHover(null);
        setNodeTip({ index: position.row, x, y });
        return;
      }
      setNodeTip(null);
      setHover({ cell: cellAt(matrixView, position.row, position.column), x, y, pinned: true });
    },
    onNodeClick: (index, x, y) => {
      setHover(null);
      setNodeTip({ index, x, y });
    },
  };
  const tipNode = nodeTip ? matrixView.nodes[nodeTip.index] : undefined;
  const Renderer = count >= options.canvasFromNodes ? CanvasMatrix : DomMatrix;

  return (
    <div className={styles.panel} style={{ width, height }} data-testid="netsplit-panel" data-renderer={Renderer === CanvasMatrix ? 'canvas' : 'dom'}>
      {options.showBanner ? <StatusBanner banner={banner} palette={palette} fontSize={bannerFont} /> : null}
      <div className={styles.matrix}>
        <Renderer {...rendererProps} />
        {hover ? (
          <CellTooltip
            {...hover}
            glyph={(state, oneWay) => glyphFor(cellStateCodes.indexOf(state), oneWay, glyphs)}
            formatRtt={formatRtt}
            rttColour={rttColour}
            formatTime={formatTime}
            links={resolveLinks(links, { source: hover.cell.source, target: hover.cell.target, node: hover.cell.target }, replaceVariables)}
            bounds={{ width, height: layout.height }}
            onClose={() => setHover(null)}
          />
        ) : null}
        {nodeTip && tipNode ? (
          <NodeTooltip
            node={tipNode}
            x={nodeTip.x}
            y={nodeTip.y}
            links={resolveLinks(links, { node: tipNode.name, source: tipNode.name, target: tipNode.name }, replaceVariables)}
            formatTime={formatTime}
            bounds={{ width, height: layout.height }}
            onClose={() => setNodeTip(null)}
          />
        ) : null}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), overflow: 'hidden' }),
  matrix: css({ position: 'relative', alignSelf: 'flex-start' }),
  message: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    height: '100%',
    padding: theme.spacing(2),
    textAlign: 'center',
    color: theme.colors.warning.text,
    fontSize: theme.typography.h4.fontSize,
  }),
});
