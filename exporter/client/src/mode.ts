/** The partition mode as the agent's mode API serves it (docs/api.md § Partition mode). */
export type Role = 'healthy' | 'majority' | 'minority' | 'isolated' | 'unknown';

export interface PartitionMode {
  cluster: string;
  node: string;
  role: Role;
  /** 0 full service · 1 read-only · 2 cached responses · 3 emergency fallback; null while unknown. */
  degradation: number | null;
  degradationName: string;
  /** The fail-safe answer: false unless the agent says this node's side may take writes. */
  writesSafe: boolean;
  reason: string;
  /** When the mode began (ISO 8601); empty while unknown. */
  since: string;
  forSeconds: number;
  /** Grows on every change; 0 while unknown. */
  version: number;
}

/** What a client reports when it cannot hear its agent: never the last mode it heard. */
export function unknownMode(reason: string): PartitionMode {
  return { cluster: '', node: '', role: 'unknown', degradation: null, degradationName: 'unknown', writesSafe: false, reason, since: '', forSeconds: 0, version: 0 };
}

const ROLES: readonly string[] = ['healthy', 'majority', 'minority', 'isolated', 'unknown'];

/** Reads an event's JSON; anything malformed is undefined (and the client treats it as unknown). */
export function parseMode(text: string): PartitionMode | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.role !== 'string' || !ROLES.includes(m.role) || typeof m.writesSafe !== 'boolean') return undefined;
  return {
    cluster: typeof m.cluster === 'string' ? m.cluster : '',
    node: typeof m.node === 'string' ? m.node : '',
    role: m.role as Role,
    degradation: typeof m.degradation === 'number' ? m.degradation : null,
    degradationName: typeof m.degradationName === 'string' ? m.degradationName : 'unknown',
    writesSafe: m.writesSafe,
    reason: typeof m.reason === 'string' ? m.reason : '',
    since: typeof m.since === 'string' ? m.since : '',
    forSeconds: typeof m.forSeconds === 'number' ? m.forSeconds : 0,
    version: typeof m.version === 'number' ? m.version : 0,
  };
}
