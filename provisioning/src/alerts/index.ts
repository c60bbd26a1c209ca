/** Every alert, in the order of docs/alerts.md and the rule files. */
import type { GeneratorSettings } from '../settings';
import { CONSUL_ALERTS } from './consul';
import { ETCD_ALERTS } from './etcd';
import { KUBERNETES_ALERTS } from './kubernetes';
import { envoyAlerts } from './envoy';
import { exporterAlerts } from './exporter';
import { MESH_ALERTS } from './mesh';
import { REPLICATION_ALERTS } from './replication';
import type { AlertDefinition } from './types';

export type { AlertDefinition, AlertGroup, AlertScope, AlertSeverity, PartitionExplains } from './types';

/** The alerts of the systems switched on in the settings; the mesh and the exporter are always on. */
export function allAlerts(settings: GeneratorSettings): readonly AlertDefinition[] {
  const { systems } = settings;
  return [
    ...MESH_ALERTS,
    ...(systems.etcd ? ETCD_ALERTS : []),
    ...(systems.replication ? REPLICATION_ALERTS : []),
    ...(systems.kubernetes ? KUBERNETES_ALERTS : []),
    ...(systems.consul ? CONSUL_ALERTS : []),
    ...(systems.envoy ? envoyAlerts(settings) : []),
    ...exporterAlerts(settings),
  ];
}
