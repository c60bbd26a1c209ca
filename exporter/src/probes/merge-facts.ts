/**
 * Several probe families contribute to the same verdict inputs: etcd leaders and database
 * primaries are all `writers`. Lists are concatenated (a plain object spread would keep only the
 * last family's list); any other field is taken from the last family that sets it. Pure.
 */
import type { ProbeFacts } from './service';

export function mergeProbeFacts(all: readonly ProbeFacts[]): ProbeFacts {
  const merged: Record<string, unknown> = {};
  for (const facts of all) {
    for (const [key, value] of Object.entries(facts)) {
      if (value === undefined) continue;
      const previous = merged[key];
      merged[key] = Array.isArray(previous) && Array.isArray(value) ? [...(previous as unknown[]), ...(value as unknown[])] : value;
    }
  }
  return merged as ProbeFacts;
}
