import { Sample } from './readSamples';

/**
 * The zone of each node: from `netsplit_member_info{member, zone}` when the exporters say it,
 * else from the operator's pattern on the node name (its first capture group, or the whole
 * match). Nodes neither names get no zone. An invalid pattern gives no zones (the editor is
 * mid-typing), never an error on the wall.
 */
export function nodeZones(names: readonly string[], memberInfo: readonly Sample[], labels: { zone: string; member: string }, pattern: string): Map<string, string> {
  const zones = new Map<string, string>();
  for (const sample of memberInfo) {
    const member = sample.labels[labels.member];
    const zone = sample.labels[labels.zone];
    if (member !== undefined && zone !== undefined && zone !== '' && sample.value === 1) zones.set(member, zone);
  }
  const fromName = namePattern(pattern);
  if (fromName) {
    for (const name of names) {
      if (zones.has(name)) continue;
      const match = fromName.exec(name);
      const zone = match?.[1] ?? match?.[0];
      if (zone) zones.set(name, zone);
    }
  }
  return zones;
}

function namePattern(pattern: string): RegExp | null {
  if (pattern === '') return null;
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}
