/**
 * The agent config in the ConfigMap: one file for every pod of the DaemonSet. Written as text
 * rather than rendered from an object because its comments are the instructions a user reads
 * before editing it. provisioning/test/kubernetes-manifests.test.ts runs it through the
 * exporter's own config loader.
 */
import { EXPORTER_PORT, SECRET_DIR, SECRET_KEY, SERVICE_DNS_NAME } from './common';

export const SECRET_FILE = `${SECRET_DIR}/${SECRET_KEY}`;

export function agentConfigYaml(): string {
  return [
    '# netsplit agent config, read by every pod of the netsplit-exporter DaemonSet (docs/configuration.md).',
    '# `node` is not set here: each pod names itself with NETSPLIT_NODE (its spec.nodeName), so',
    '# peers[].name are the Kubernetes node names.',
    'cluster: kubernetes        # replace: the name of your cluster (the netsplit_cluster label)',
    `listen: 0.0.0.0:${EXPORTER_PORT}     # HTTP and UDP heartbeats, on the node's own address (hostNetwork)`,
    `secretFile: ${SECRET_FILE}   # the Secret netsplit-secret (docs/kubernetes.md)`,
    'heartbeat: { interval: 500ms, downAfter: 3, upAfter: 2 }',
    '# Peers are discovered through the headless Service (publishNotReadyAddresses: true, so an',
    '# agent that is cut off stays listed); names come from the agents\' signed heartbeats',
    '# (docs/membership.md). A member that vanishes while cut off stays in the quorum size for',
    '# membership.removeAfter.',
    'discovery:',
    `  dns: { name: ${SERVICE_DNS_NAME}, refresh: 10s }`,
    '# Or the Node objects of the API server (zones, and a cordoned node counts as maintenance;',
    '# the ClusterRole already grants nodes get/list/watch): replace the two lines above with',
    '#   discovery:',
    '#     kubernetes: {}',
    '# Nodes away for planned work (drained, rebooting): their absence raises nothing.',
    'maintenance: []',
    '',
  ].join('\n');
}
