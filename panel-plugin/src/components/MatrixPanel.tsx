import { css } from '@emotion/css';
import { dateTimeFormat, FieldType, formattedValueToString, getDisplayProcessor, GrafanaTheme2, PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { affectedNodes } from '../data/affectedNodes';
import { buildBanner } from '../data/banner';
import { buildMatrixView } from '../data/buildMatrixView';
import { dataProblems } from '../data/dataProblems';
import { glyphFor, glyphSets } from '../data/glyphs';
import { collapseZones, zoneBlocks } from '../data/collapseZones';
import { GroupSummary, groupSummaries } from '../data/groupSummaries';
import { matrixLayout } from '../data/layout';
import { riskOf } from '../data/risk';
import { cellAt, cellStateCodes } from '../data/matrixView';
import { memoizeLast } from '../data/memoizeLast';
import { MatrixOptions, withDefaults } from '../options';
import { CanvasMatrix } from './CanvasMatrix';
import { ClusterRefusal } from './ClusterRefusal';
import { describeCell } from './cellDescription';
import { CellTooltip, TooltipContent } from './CellTooltip';
import { resolveLinks } from './dataLinks';
import { DomMatrix } from './DomMatrix';
import { MatrixRendererProps } from './matrixProps';
import { NodeTooltip } from './NodeTooltip';
import { matrixPalette } from './palette';
import { rttDisplayOf } from './rttDisplay';
import { SidePanel } from './SidePanel';
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
  // Remembered per time: the side list shows the same "since" for most of a side's nodes, and
  // each time-zone conversion costs ~0.1 ms.
  const formatTime = useMemo(() => {
    const formatted = new Map<number, string>();
    return (ms: number) => {
      let text = formatted.get(ms);
      if (text === undefined) {
        text = dateTimeFormat(ms, { format: 'HH:mm:ss', timeZone });
        // Each refresh brings a new "as of": kept bounded on a wall screen left running.
        if (formatted.size >= 1000) formatted.clear();
        formatted.set(ms, text);
      }
      return text;
    };
  }, [timeZone]);
  // RTT goes through the standard field config: unit, decimals, value mappings, thresholds —
  // Grafana's own processor for the RTT field when it has one (overrides included).
  const rttDisplay = useMemo(
    () => rttDisplayOf(data.series) ?? getDisplayProcessor({ field: { type: FieldType.number, config: { unit: 's', ...fieldConfig.defaults } }, theme, timeZone }),
    [data.series, fieldConfig.defaults, theme, timeZone],
  );
  const formatRtt = useCallback((seconds: number) => formattedValueToString(rttDisplay(seconds)), [rttDisplay]);
  const rttColour = useCallback((seconds: number) => rttDisplay(seconds).color, [rttDisplay]);
  const [nodeTip, setNodeTip] = useState<{ index: number; x: number; y: number } | null>(null);

  const fullView = result.kind === 'matrix' ? result.view : null;
  // Zones drawn node by node; undefined = this view's default: every zone open when the nodes
  // fit *Max nodes*, all collapsed beyond (a 1000-node cluster reads as its zones first).
  const [openZones, setOpenZones] = useState<ReadonlySet<string> | null | undefined>(undefined);
  const expanded = openZones !== undefined ? openZones : fullView && fullView.order === 'zone' && fullView.nodes.length > options.maxNodes ? allCollapsed : null;
  const collapsed = useMemo(() => (fullView ? collapseZones(fullView, expanded) : null), [fullView, expanded]);
  // What is drawn: the full view, or with zones collapsed. The banner always reads the full one.
  const view = collapsed?.view ?? null;
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
  const nowMs = props.timeRange?.to?.valueOf() ?? null;
  const bannerFont = Math.round(Math.max(14, Math.min(44, width / 45)));
  // The banner's height is measured after each render: the matrix gets exactly what is left,
  // whatever the sentence wraps to. Until the first measurement the matrix is not drawn at all
  // (drawing it at a guessed size would cost a second full draw, ~half of a mount at 200 nodes).
  // A measurement holds for the width it was taken at: after a resize the banner is measured
  // again before the matrix is drawn, so a resize costs one draw, not two.
  const bannerRef = useRef<HTMLDivElement>(null);
  const [bannerMeasure, setBannerMeasure] = useState<{ width: number; height: number } | null>(null);
  const bannerHeight = bannerMeasure !== null && bannerMeasure.width === width ? bannerMeasure.height : null;
  useLayoutEffect(() => {
    const measured = bannerRef.current?.offsetHeight;
    if (measured !== undefined && (measured !== bannerMeasure?.height || width !== bannerMeasure.width)) setBannerMeasure({ width, height: measured });
  });
  // Derived once per view model: stable props keep the canvas from redrawing on hover.
  const affected = useMemo(() => (fullView ? affectedNodes(fullView) : []), [fullView]);
  // An affected node inside a collapsed zone marks its zone's row.
  const markers = useMemo(() => (collapsed ? [...new Set(affected.map((entry) => collapsed.rowOf[entry.index]!))] : []), [affected, collapsed]);
  const sides = useMemo(() => (fullView && fullView.order !== 'name' ? groupSummaries(fullView) : []), [fullView]);
  const zones = useMemo(() => (fullView && collapsed && fullView.order === 'zone' ? zoneBlocks(fullView, collapsed) : []), [fullView, collapsed]);
  const blocks: readonly GroupSummary[] = fullView?.order === 'zone' ? zones : fullView?.order === 'partition' ? sides : noBlocks;
  const edges = useMemo(() => {
    if (!view) return [];
    if (view.order === 'zone') return zones.map((zone) => zone.first);
    if (view.order !== 'partition' || view.groups.length + (view.noData.length > 0 ? 1 : 0) < 2) return [];
    return view.nodes.flatMap((node, index) => (index > 0 && node.group !== view.nodes[index - 1]!.group ? [index] : []));
  }, [view, zones]);
  const zoomTo = useCallback((zone: string) => {
    setHover(null);
    setNodeTip(null);
    setOpenZones(new Set([zone]));
  }, []);
  const matrixRef = useRef<HTMLDivElement>(null);
  // One layout object while its inputs stay: hovering re-renders the panel, and a new layout
  // object would make the canvas draw everything again.
  const [selectLayout] = useState(() => memoizeLast(matrixLayout));
  const longestName = useMemo(() => (view ? Math.max(...view.nodes.map((node) => node.label.length)) : 0), [view]);
  // The panel renders twice on a mount (the banner is measured, then the matrix drawn) and on
  // every hover: the banner, the data problems and the risk are derived once per view model.
  const matrixBanner = useMemo(() => (fullView ? buildBanner(fullView, formatTime, nowMs) : null), [fullView, formatTime, nowMs]);
  const problems = useMemo(
    () => (fullView ? dataProblems(fullView, data.errors ?? (data.error ? [data.error] : []), nowMs, options.staleAfterSeconds, formatTime) : []),
    [fullView, data.errors, data.error, nowMs, options.staleAfterSeconds, formatTime],
  );
  const matrixRisk = useMemo(() => (fullView && matrixBanner ? riskOf(fullView, matrixBanner, problems) : null), [fullView, matrixBanner, problems]);
  // While the banner is measured after a resize, the matrix keeps its last props: the canvas
  // stays (no new canvas and context per resize) and is drawn once, at the new size.
  const heldRenderer = useRef<MatrixRendererProps | null>(null);

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
  if (result.kind === 'severalClusters') {
    return (
      <div style={{ width, height }}>
        <ClusterRefusal clusters={result.clusters} clusterLabel={options.labels.cluster} palette={palette} formatTime={formatTime} nowMs={nowMs} staleAfterSeconds={options.staleAfterSeconds} fontSize={bannerFont * 0.7} />
      </div>
    );
  }
  if (result.kind === 'tooManyNodes') {
    return (
      <div className={styles.message} role="alert" data-testid="netsplit-too-many">
        {result.nodes} nodes — this panel draws at most {result.maxNodes} (option “Max nodes”). Filter the query by cluster, or raise the limit.
      </div>
    );
  }

  const matrixView = view!;
  const rows = collapsed!.rows;
  const banner = matrixBanner!;
  const risk = matrixRisk!;
  const gap = 8;
  const measuring = options.showBanner && bannerHeight === null;
  const below = Math.max(0, height - (options.showBanner ? (bannerHeight ?? 0) + gap : 0));
  // The side list takes what a square matrix leaves on the right (or, in a tall panel, below).
  const minSide = Math.max(150, bannerFont * 9);
  const sideRight = width - below - gap >= minSide;
  const sideBelow = !sideRight && below - width - gap >= bannerFont * 5;
  const layout = selectLayout(count, sideRight ? width - minSide - gap : width, sideBelow ? below - bannerFont * 5 - gap : below, longestName);
  const sideBox = sideRight ? { width: width - layout.width - gap, height: below } : sideBelow ? { width, height: below - layout.height - gap } : null;
  const glyphs = glyphSets[options.glyphMode];
  const describe = (row: number, column: number) => describeCell(cellAt(matrixView, row, column), formatRtt);
  const links = fieldConfig.defaults.links;

  const rendererProps: MatrixRendererProps = {
    view: matrixView,
    layout,
    palette,
    glyphs,
    focus,
    edges,
    blocks,
    markers,
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
      // A collapsed zone's header zooms into it: that zone node by node, the others collapsed.
      if (rows[index]?.collapsed) {
        zoomTo(rows[index].zone);
        return;
      }
      setHover(null);
      setNodeTip({ index, x, y });
    },
  };
  if (!measuring) heldRenderer.current = rendererProps;
  const tipNode = nodeTip ? matrixView.nodes[nodeTip.index] : undefined;
  const Renderer = count >= options.canvasFromNodes ? CanvasMatrix : DomMatrix;

  const anchor = () => matrixRef.current?.getBoundingClientRect() ?? { left: 0, top: 0 };
  return (
    <div className={styles.panel} style={{ width, height, gap }} data-testid="netsplit-panel" data-renderer={Renderer === CanvasMatrix ? 'canvas' : 'dom'}>
      {options.showBanner ? <StatusBanner ref={bannerRef} banner={banner} risk={risk} problems={problems} palette={palette} fontSize={bannerFont} /> : null}
      <div className={styles.body} style={{ flexDirection: sideBelow ? 'column' : 'row', gap }}>
      <div className={styles.matrix} ref={matrixRef} data-testid="netsplit-matrix">
        {measuring ? heldRenderer.current && heldRenderer.current.view === matrixView ? <Renderer {...heldRenderer.current} /> : null : <Renderer {...rendererProps} />}
        {hover ? (
          <CellTooltip
            {...hover}
            glyph={(state, oneWay) => glyphFor(cellStateCodes.indexOf(state), oneWay, glyphs)}
            formatRtt={formatRtt}
            rttColour={rttColour}
            formatTime={formatTime}
            // A collapsed zone's cell stands for many links: no single source or target to link to.
            links={hover.cell.links ? [] : resolveLinks(links, { source: hover.cell.source, target: hover.cell.target, node: hover.cell.target, cluster: matrixView.cluster ?? '' }, replaceVariables)}
            anchor={anchor()}
            onClose={() => setHover(null)}
          />
        ) : null}
        {nodeTip && tipNode ? (
          <NodeTooltip
            node={tipNode}
            x={nodeTip.x}
            y={nodeTip.y}
            links={rows[nodeTip.index]?.collapsed ? [] : resolveLinks(links, { node: tipNode.name, source: tipNode.name, target: tipNode.name, cluster: matrixView.cluster ?? '' }, replaceVariables)}
            formatTime={formatTime}
            anchor={anchor()}
            onClose={() => setNodeTip(null)}
          />
        ) : null}
      </div>
      {sideBox && !measuring ? (
        <SidePanel
          groups={sides}
          zones={zones}
          onZoneToggle={(zone) => {
            setHover(null);
            setNodeTip(null);
            const open = new Set(expanded ?? (fullView?.zones ?? []));
            if (open.has(zone)) open.delete(zone);
            else open.add(zone);
            setOpenZones(open);
          }}
          affected={affected}
          palette={palette}
          glyphs={glyphs}
          formatTime={formatTime}
          width={sideBox.width}
          height={sideBox.height}
          fontSize={Math.max(12, Math.round(bannerFont * 0.6))}
          onNodeClick={(index) => {
            // Inside a collapsed zone: open that zone first (the node's row appears).
            const row = collapsed!.rowOf[index]!;
            if (rows[row]?.collapsed) {
              zoomTo(rows[row].zone);
              return;
            }
            setHover(null);
            setNodeTip({ index: row, x: layout.header, y: layout.header + row * layout.cell });
          }}
        />
      ) : null}
      </div>
    </div>
  );
}

/** Stable empties: a new [] or Set per render would redraw the canvas on every hover. */
const allCollapsed: ReadonlySet<string> = new Set();
const noBlocks: readonly GroupSummary[] = [];

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  body: css({ display: 'flex', minHeight: 0 }),
  matrix: css({ position: 'relative', alignSelf: 'flex-start', flexShrink: 0 }),
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
