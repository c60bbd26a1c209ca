/**
 * Resources that are not applied with the directory: the Secret as a template (a real key is
 * never committed; docs/kubernetes.md creates it with one command) and a NetworkPolicy, which
 * most network plugins do not enforce for hostNetwork pods.
 */
import type { ISecret } from 'kubernetes-models/v1/Secret' with { 'resolution-mode': 'import' };
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy' with { 'resolution-mode': 'import' };
import { EXPORTER_LABELS, EXPORTER_NAME, EXPORTER_PORT, EXPORTER_SELECTOR, NAMESPACE, SECRET_KEY, SECRET_NAME } from './common';

/**
 * Shorter than the 16 bytes the agent requires, so an agent given the template unchanged refuses
 * to start instead of signing with a key that is public.
 */
export const SECRET_PLACEHOLDER = 'REPLACE-ME';

export function secretTemplate(): ISecret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: SECRET_NAME, namespace: NAMESPACE, labels: { ...EXPORTER_LABELS } },
    type: 'Opaque',
    stringData: { [SECRET_KEY]: SECRET_PLACEHOLDER },
  };
}

/** Placeholders: the nodes' addresses (agents talk from the host network) and Prometheus's namespace. */
export const NODE_CIDR_PLACEHOLDER = '10.0.0.0/8';
export const PROMETHEUS_NAMESPACE_PLACEHOLDER = 'monitoring';

export function networkPolicy(): INetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: EXPORTER_NAME, namespace: NAMESPACE, labels: { ...EXPORTER_LABELS } },
    spec: {
      podSelector: { matchLabels: { ...EXPORTER_SELECTOR } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          // Heartbeats and view pulls between agents come from the nodes' addresses.
          from: [{ ipBlock: { cidr: NODE_CIDR_PLACEHOLDER } }],
          ports: [
            { protocol: 'UDP', port: EXPORTER_PORT },
            { protocol: 'TCP', port: EXPORTER_PORT },
          ],
        },
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': PROMETHEUS_NAMESPACE_PLACEHOLDER } } }],
          ports: [{ protocol: 'TCP', port: EXPORTER_PORT }],
        },
      ],
    },
  };
}
