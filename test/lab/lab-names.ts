/**
 * Namespace names of a lab instance: `nslab-<pid>-<serial>-<role>`. The owner's pid in the name
 * lets a later lab recognise leftovers of a lab whose process died (SIGKILL, OOM) and remove them
 * without touching anything else; the serial keeps two labs of one process apart.
 */
export const LAB_NAMESPACE_PREFIX = 'nslab-';

export interface LabId {
  pid: number;
  serial: number;
}

export function labStem(id: LabId): string {
  return `${LAB_NAMESPACE_PREFIX}${id.pid}-${id.serial}`;
}

export function hostNamespace(id: LabId, hostName: string): string {
  return `${labStem(id)}-${hostName}`;
}

export function bridgeNamespace(id: LabId): string {
  return `${labStem(id)}-switch`;
}

/** The owner pid of a lab namespace name, or undefined for namespaces that are not ours. */
export function ownerPid(namespace: string): number | undefined {
  const match = /^nslab-(\d+)-\d+-[A-Za-z0-9]+$/.exec(namespace);
  return match === null ? undefined : Number(match[1]);
}
