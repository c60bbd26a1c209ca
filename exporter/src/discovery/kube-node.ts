/**
 * A Kubernetes Node object (core/v1, https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/node-v1/)
 * as a discovered address: its name, InternalIP, zone label, cordon (spec.unschedulable) and Ready
 * condition. Pure; anything malformed is undefined, never a throw (the API server's answer is input).
 */
import type { DiscoveredAddress } from '../membership';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** The zone label before Kubernetes 1.17, still set by some providers. */
const LEGACY_ZONE_LABEL = 'failure-domain.beta.kubernetes.io/zone';

const record = (value: unknown): Record<string, unknown> | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The node's name (metadata.name), or undefined. */
export function nodeName(node: unknown): string | undefined {
  return text(record(record(node)?.metadata)?.name);
}

/** The resourceVersion an object or list carries in its metadata. */
export function resourceVersionOf(object: unknown): string | undefined {
  return text(record(record(object)?.metadata)?.resourceVersion);
}

export function nodeAddress(node: unknown): DiscoveredAddress | undefined {
  const object = record(node);
  const name = nodeName(node);
  const status = record(object?.status);
  const addresses = Array.isArray(status?.addresses) ? status.addresses.map(record) : [];
  // The first InternalIP: the address the node's pods on the host network use.
  const address = text(addresses.find((a) => a?.type === 'InternalIP')?.address);
  if (name === undefined || address === undefined) return undefined;
  const labels = record(record(object?.metadata)?.labels);
  const zone = text(labels?.[ZONE_LABEL]) ?? text(labels?.[LEGACY_ZONE_LABEL]);
  const conditions = Array.isArray(status?.conditions) ? status.conditions.map(record) : [];
  const ready = conditions.find((c) => c?.type === 'Ready')?.status;
  return {
    address,
    name,
    ...(zone === undefined ? {} : { zone }),
    cordoned: record(object?.spec)?.unschedulable === true,
    ...(ready === undefined ? {} : { ready: ready === 'True' }),
  };
}
