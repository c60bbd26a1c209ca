/**
 * docs/runbook/<id>.md: one page per alert, the target of its runbook_url. What it means,
 * where the pattern shows, the action and the command first; the query and the inhibition
 * relations after, for whoever has to trust or tune it.
 */
import { patternById } from '../../../exporter/src/patterns/catalog';
import type { AlertDefinition } from '../alerts';
import { INHIBITIONS } from '../inhibitions';
import { runbookPath } from '../settings';
import { resolvedAction, resolvedCommand } from './alert-labels';
import { grafanaRuleUid } from './grafana-alerting';
import { guardsFor } from './grafana-guards';
import type { GeneratorSettings } from '../settings';
import { GENERATED_NOTICE } from './yaml';

const plain = (template: string) => template.replace(/\{\{ \$labels\.([a-zA-Z0-9_]+) \}\}/g, '<$1>');

export function runbookPage(alert: AlertDefinition, settings: GeneratorSettings): string {
  const patterns = alert.patterns.map(patternById);
  const lines: string[] = [
    `<!-- ${GENERATED_NOTICE} -->`,
    `# ${alert.name}`,
    '',
    `**Severity:** ${alert.severity} · **Scope:** ${alert.scope}${alert.system === undefined ? '' : ` · **System:** ${alert.system}`} · **For:** ${alert.for}`,
    '',
    `> ${plain(alert.summary)}`,
    '',
    '## What it means',
    '',
    alert.meaning,
    '',
    plain(alert.description),
    '',
    '## Do this first',
    '',
    resolvedAction(alert),
    '',
    '```sh',
    resolvedCommand(alert),
    '```',
    '',
  ];
  if (patterns.length > 0) {
    lines.push('## Error patterns behind it', '');
    for (const pattern of patterns) {
      lines.push(
        `### \`${pattern.title}\` (${pattern.id})`,
        '',
        pattern.meaning,
        '',
        `- **Where it shows:** ${pattern.where.join('; ')}`,
        `- **Matched by:** \`${pattern.regex.source}\`${pattern.regex.flags === '' ? '' : ` (flags ${pattern.regex.flags})`}`,
        `- **Action:** ${pattern.action}`,
        `- **Command:** \`${pattern.command}\``,
        '- **Looks like:**',
        '',
        '```text',
        ...pattern.examples,
        '```',
        '',
      );
    }
  } else if (alert.where !== undefined) {
    lines.push('## Where it shows', '', ...alert.where.map((place) => `- ${place}`), '');
  }
  const silencedBy = guardsFor(alert, settings).map(({ inhibition }) => `- while **${inhibition.sourceAlert}** fires (equal ${inhibition.equal.join(', ')}): ${inhibition.why}`);
  const silences = INHIBITIONS.filter((rule) => rule.sourceAlert === alert.name).map(
    (rule) => `- alerts with ${rule.targets.map((m) => `\`${m.label}="${m.value}"\``).join(' and ')} (equal ${rule.equal.join(', ')}): ${rule.why}`,
  );
  lines.push('## Inhibition', '');
  if (alert.partitionExplains === 'when-network-cut') {
    lines.push('Only the series with `reason="network_cut"` carry `partition_explains="true"`; links the database broke stay loud during a partition.', '');
  }
  lines.push(silencedBy.length > 0 ? 'Silenced:' : 'Never silenced by another netsplit alert.', ...silencedBy, '');
  if (silences.length > 0) lines.push('Silences:', ...silences, '');
  lines.push(
    '## The rule',
    '',
    '```promql',
    alert.expr,
    '```',
    '',
    `Returns \`cluster\`${alert.outputLabels.length > 0 ? `, ${alert.outputLabels.map((label) => `\`${label}\``).join(', ')}` : ''}. ` +
      `Prometheus: \`provisioning/prometheus/rules/netsplit-alerts.yml\`; Grafana-managed copy: rule uid \`${grafanaRuleUid(alert.id)}\` with the inhibitions above folded into its query.`,
    '',
    `This page: \`${runbookPath(alert.id)}\`. All alerts: [docs/alerts.md](../alerts.md).`,
    '',
  );
  return lines.join('\n');
}
