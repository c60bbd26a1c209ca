import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { buildBanner } from '../data/banner';
import { ClusterSummary } from '../data/buildMatrixView';
import { dataProblems } from '../data/dataProblems';
import { riskOf } from '../data/risk';
import { MatrixPalette } from './palette';

interface Props {
  clusters: readonly ClusterSummary[];
  clusterLabel: string;
  palette: MatrixPalette;
  formatTime: (ms: number) => string;
  nowMs: number | null;
  staleAfterSeconds: number;
  fontSize: number;
}

/**
 * Several clusters in one panel: one matrix would merge nodes that share a name. The panel
 * refuses to draw one, says how to get one matrix per cluster, and still gives each cluster's
 * risk and sentence, so a split cluster is never hidden behind a healthy one.
 */
export function ClusterRefusal({ clusters, clusterLabel, palette, formatTime, nowMs, staleAfterSeconds, fontSize }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const names = clusters.map((cluster) => cluster.name).join(', ');
  return (
    <div className={styles.box} role="alert" data-testid="netsplit-clusters" style={{ fontSize }}>
      <div className={styles.title} data-testid="netsplit-clusters-title">
        {clusters.length} clusters in one panel ({names}): one matrix would merge their nodes. Pick one with the dashboard variable $cluster
        (a query filter on {clusterLabel}), or repeat this panel by $cluster.
      </div>
      {clusters.map((cluster) => {
        if (!('view' in cluster)) {
          return (
            <div key={cluster.name} className={styles.row} data-testid="netsplit-cluster" data-cluster={cluster.name}>
              <b>{cluster.name}</b> no matrix: {cluster.problem.kind}
            </div>
          );
        }
        const banner = buildBanner(cluster.view, formatTime, nowMs);
        // Missing role series or stale data in one cluster keep its chip from saying OK.
        const risk = riskOf(cluster.view, banner, dataProblems(cluster.view, [], nowMs, staleAfterSeconds, formatTime));
        return (
          <div key={cluster.name} className={styles.row} data-testid="netsplit-cluster" data-cluster={cluster.name} data-severity={risk.severity}>
            <span className={styles.chip} style={{ background: palette.risk[risk.severity], color: theme.colors.getContrastText(palette.risk[risk.severity]) }}>
              {risk.text}
            </span>
            <b>{cluster.name}</b>
            <span className={styles.sentence} title={banner.sentence}>
              {banner.sentence}
            </span>
          </div>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), padding: theme.spacing(1), height: '100%', overflow: 'auto', color: theme.colors.text.primary }),
  title: css({ color: theme.colors.warning.text, fontWeight: theme.typography.fontWeightMedium }),
  row: css({ display: 'flex', alignItems: 'baseline', gap: theme.spacing(1) }),
  chip: css({ padding: '0 0.4em', borderRadius: theme.shape.radius.default, fontWeight: theme.typography.fontWeightBold, whiteSpace: 'nowrap' }),
  sentence: css({ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 }),
});
