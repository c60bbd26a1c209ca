/** Every generated dashboard, in the order Grafana lists them. */
import type { GeneratorSettings } from '../settings';
import type { Dashboard } from './model';
import { nodeDashboard } from './node';
import { overviewDashboard } from './overview';

export function dashboards(settings: GeneratorSettings): Dashboard[] {
  return [overviewDashboard(settings), nodeDashboard(settings)];
}
