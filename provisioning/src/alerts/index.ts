/** Every alert, in the order of docs/alerts.md and the rule files. */
import type { GeneratorSettings } from '../settings';
import { ETCD_ALERTS } from './etcd';
import { envoyAlerts } from './envoy';
import { exporterAlerts } from './exporter';
import { MESH_ALERTS } from './mesh';
import { REPLICATION_ALERTS } from './replication';
import type { AlertDefinition } from './types';

export type { AlertDefinition, AlertGroup, AlertScope, AlertSeverity, PartitionExplains } from './types';

export function allAlerts(settings: GeneratorSettings): readonly AlertDefinition[] {
  return [...MESH_ALERTS, ...ETCD_ALERTS, ...REPLICATION_ALERTS, ...envoyAlerts(settings), ...exporterAlerts(settings)];
}
