/**
 * A host's firewall: one nftables table in the host's namespace whose input chain drops
 * datagrams from the listed source addresses. Replacing it is one atomic `nft -f` transaction;
 * deleting it heals the host. Only input is filtered: a drop at the receiver is exactly
 * "source→target is down", and the reverse direction stays untouched.
 */
import { runCommand } from './run-command';
import type { Host } from './host';

export const LAB_TABLE = 'netsplit_lab';

export function firewallScript(droppedSources: readonly string[]): string {
  // `table …` then `delete table …` makes the delete valid whether or not the table existed.
  const lines = [`table inet ${LAB_TABLE}`, `delete table inet ${LAB_TABLE}`];
  if (droppedSources.length > 0) {
    lines.push(
      `table inet ${LAB_TABLE} {`,
      '  chain input {',
      '    type filter hook input priority 0; policy accept;',
      `    ip saddr { ${[...droppedSources].sort().join(', ')} } drop`,
      '  }',
      '}',
    );
  }
  return lines.join('\n') + '\n';
}

/** Makes `host` drop everything that arrives from `droppedSources` (addresses); [] heals it. */
export async function setDroppedSources(host: Host, droppedSources: readonly string[]): Promise<void> {
  await runCommand('ip', ['netns', 'exec', host.namespace, 'nft', '-f', '-'], { input: firewallScript(droppedSources) });
}

/** The addresses `host` currently drops, read back from the kernel. */
export async function readDroppedSources(host: Host): Promise<string[]> {
  const { stdout, code } = await runCommand('ip', ['netns', 'exec', host.namespace, 'nft', 'list', 'table', 'inet', LAB_TABLE], { allowFailure: true });
  if (code !== 0) return [];
  return [...stdout.matchAll(/\d+\.\d+\.\d+\.\d+/g)].map((m) => m[0]).sort();
}
