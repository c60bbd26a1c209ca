import { formatDuration } from './duration';
import { MatrixView } from './matrixView';

/** A failed query as Grafana reports it on `PanelData.errors` (only the fields read here). */
export interface QueryError {
  refId?: string;
  message?: string;
}

/**
 * What the panel could not see, in words for the banner: failed queries (Grafana still passes
 * the other queries' frames), metrics that returned nothing, roles derived instead of reported,
 * and data older than the stale window at the end of the time range (`nowMs`).
 */
export function dataProblems(view: MatrixView | null, errors: readonly QueryError[], nowMs: number | null, staleAfterSeconds: number, formatTime: (ms: number) => string): string[] {
  const problems = errors.map((error) => `query ${error.refId ?? '?'} failed${error.message ? `: ${error.message}` : ''}`);
  if (!view) return problems;
  if (view.rolesDerived) problems.push('no netsplit_node_role series — roles derived from the matrix');
  else if (view.missing.length > 0) problems.push(`no ${view.missing.join(', ')} series`);
  if (nowMs !== null && view.newestMs !== null && nowMs - view.newestMs > staleAfterSeconds * 1000) {
    problems.push(`stale: newest sample ${formatTime(view.newestMs)}, ${formatDuration(nowMs - view.newestMs)} old`);
  }
  return problems;
}
