import { Banner } from './banner';
import { nodeList } from './nodeList';
import { MatrixView } from './matrixView';

/**
 * How dangerous the situation is, apart from the degradation level: a bridge or a majorities
 * ring leaves every node at L0 (full service) while the cluster is one failure from a split, and
 * split brain is worse than any level. The risk chip says so; the level chip never shows green
 * beside a warning (see `levelChipTone`).
 */
export type RiskSeverity = 'critical' | 'warning' | 'ok';

export interface Risk {
  severity: RiskSeverity;
  /** Short, upper-case, for the chip: "SPLIT BRAIN · writers n1 n4". */
  text: string;
}

export function riskOf(view: MatrixView, banner: Banner, problems: readonly string[]): Risk {
  const labelOf = new Map(view.nodes.map((node) => [node.name, node.label]));
  switch (banner.kind) {
    case 'splitBrain':
      return { severity: 'critical', text: view.writers.length > 0 ? `SPLIT BRAIN · writers ${nodeList(view.writers.map((name) => labelOf.get(name) ?? name))}` : 'SPLIT BRAIN' };
    case 'noQuorum':
      return { severity: 'warning', text: 'NO QUORUM ANYWHERE' };
    case 'split':
      return { severity: 'warning', text: `SPLIT · ${view.groups.length} sides` };
    case 'bridge':
      return { severity: 'warning', text: `BRIDGE ${nodeList(view.bridges.map((bridge) => labelOf.get(bridge.name) ?? bridge.name))}` };
    case 'majoritiesRing':
      return { severity: 'warning', text: 'MAJORITIES RING' };
    case 'unknownNodes':
      return { severity: 'warning', text: `NO DATA · ${view.noData.length} ${view.noData.length === 1 ? 'node' : 'nodes'}` };
    case 'noRoles':
      return { severity: 'warning', text: 'NO ROLES' };
    case 'oneWay':
      return { severity: 'warning', text: 'ONE-WAY LINK' };
    case 'linksDown':
      return { severity: 'warning', text: 'LINKS CUT' };
    case 'healthy':
      // Healthy matrix but failed queries: what is not shown may be the problem.
      return problems.length > 0 ? { severity: 'warning', text: 'PARTIAL DATA' } : { severity: 'ok', text: 'OK' };
  }
}

/** The level chip's tone: the level's own colour, except L0's green is withheld beside any warning. */
export function levelChipTone(level: number | null, risk: Risk): 'level' | 'neutral' {
  return level === 0 && risk.severity !== 'ok' ? 'neutral' : 'level';
}
