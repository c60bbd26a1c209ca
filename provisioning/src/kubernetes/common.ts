/**
 * Names shared by the Kubernetes manifests: every resource finds the others through these, so
 * a rename happens in one place. The namespace is the one the runbook's commands name
 * (`kubectl -n netsplit …`, provisioning/src/alerts/exporter.ts).
 */
import { DEFAULT_PORT } from '../../../exporter/src/config/schema';

export const NAMESPACE = 'netsplit';
/** The DaemonSet, its container, ServiceAccount, headless Service and PodMonitor. */
export const EXPORTER_NAME = 'netsplit-exporter';
export const CONFIG_MAP_NAME = 'netsplit-config';
export const SECRET_NAME = 'netsplit-secret';
export const PRIORITY_CLASS_NAME = 'netsplit-node-critical';
export const EXPORTER_PORT = DEFAULT_PORT;
/** Named container ports: the probes, the Service and the PodMonitor refer to them by name. */
export const HTTP_PORT_NAME = 'http';
export const HEARTBEAT_PORT_NAME = 'heartbeat';

/** Where the ConfigMap and the Secret are mounted (whole folders, so updates reach the pod). */
export const CONFIG_DIR = '/etc/netsplit';
export const CONFIG_KEY = 'netsplit.yaml';
export const SECRET_DIR = '/etc/netsplit-secret';
export const SECRET_KEY = 'secret';

/** The image's `node` user (Dockerfile USER 1000:1000). */
export const RUN_AS_USER = 1000;

export const PART_OF = { 'app.kubernetes.io/part-of': 'netsplit' } as const;
/** The agent pods' labels; also the DaemonSet's selector, the Service's and the PodMonitor's. */
export const EXPORTER_SELECTOR = { 'app.kubernetes.io/name': 'netsplit', 'app.kubernetes.io/component': 'exporter' } as const;
export const EXPORTER_LABELS = { ...EXPORTER_SELECTOR, ...PART_OF } as const;

/** The headless Service's DNS name, the name DNS discovery resolves. */
export const SERVICE_DNS_NAME = `${EXPORTER_NAME}.${NAMESPACE}.svc.cluster.local`;
