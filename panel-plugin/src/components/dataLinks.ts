import { DataLink, InterpolateFunction, ScopedVars } from '@grafana/data';

export interface ResolvedLink {
  title: string;
  href: string;
  target: '_blank' | '_self';
}

/**
 * The panel's data links (standard field option "Data links"), with `${source}`, `${target}`,
 * `${node}` and `${cluster}` filled for one cell or node, then the dashboard's own variables.
 */
export function resolveLinks(links: readonly DataLink[] | undefined, vars: Record<string, string>, replaceVariables: InterpolateFunction): ResolvedLink[] {
  if (!links || links.length === 0) return [];
  const scopedVars: ScopedVars = {};
  for (const [name, value] of Object.entries(vars)) scopedVars[name] = { text: value, value };
  return links.map((link) => ({
    title: replaceVariables(link.title, scopedVars),
    href: replaceVariables(link.url, scopedVars),
    target: link.targetBlank ? '_blank' : '_self',
  }));
}
