/**
 * The generator's YAML config (`npm run generate -- --config my.yaml --out dir/`): the keys of
 * GeneratorSettings, each optional, defaults from DEFAULT_SETTINGS. An unknown key, a wrong type
 * or a bad duration is refused with the key's name and the fix.
 */
import { parse } from 'yaml';
import { ALERT_SEVERITIES } from './alerts/types';
import { DEFAULT_SETTINGS, durationSeconds, type GeneratorSettings, type SystemName } from './settings';

const SYSTEMS: readonly SystemName[] = ['etcd', 'replication', 'kubernetes', 'consul', 'envoy'];
const DURATIONS = ['scrapeInterval', 'evaluationInterval', 'restartGrace'] as const;

export function settingsFromYaml(text: string, file: string): GeneratorSettings {
  const input: unknown = parse(text, { maxAliasCount: 10 }) ?? {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error(`${file}: expected a mapping of settings (see docs/alerts.md, "Configuring the bundle")`);
  const raw = input as Record<string, unknown>;
  const problems: string[] = [];
  const known = new Set(Object.keys(DEFAULT_SETTINGS));
  for (const key of Object.keys(raw)) if (!known.has(key)) problems.push(`${key}: unknown setting; known: ${[...known].join(', ')}`);
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(raw)) {
    if (!known.has(key)) continue;
    const expected = typeof (DEFAULT_SETTINGS as unknown as Record<string, unknown>)[key];
    if (expected !== 'object' && typeof value !== expected) {
      problems.push(`${key}: expected a ${expected}, got ${JSON.stringify(value)}`);
      continue;
    }
    settings[key] = value;
  }
  // Unless set, rules evaluate as often as the agents are scraped.
  if (raw.scrapeInterval !== undefined && raw.evaluationInterval === undefined) settings.evaluationInterval = raw.scrapeInterval;
  for (const key of DURATIONS) {
    try {
      if (durationSeconds(String(settings[key])) <= 0) problems.push(`${key}: must be longer than 0`);
    } catch (error) {
      problems.push(`${key}: ${(error as Error).message}`);
    }
  }
  const systems = raw.systems;
  if (systems !== undefined) {
    if (typeof systems !== 'object' || systems === null) problems.push(`systems: expected a mapping like { etcd: true, replication: false, envoy: false }`);
    else {
      for (const [name, on] of Object.entries(systems)) {
        if (!SYSTEMS.includes(name as SystemName)) problems.push(`systems.${name}: unknown system; known: ${SYSTEMS.join(', ')}`);
        else if (typeof on !== 'boolean') problems.push(`systems.${name}: expected true or false`);
      }
      settings.systems = { ...DEFAULT_SETTINGS.systems, ...(systems as Record<string, boolean>) };
    }
  }
  for (const key of ['prometheusRuleLabels', 'podMonitorLabels'] as const) {
    const labels = raw[key];
    if (labels !== undefined && (typeof labels !== 'object' || labels === null || Object.values(labels).some((v) => typeof v !== 'string'))) {
      problems.push(`${key}: expected a mapping of label names to strings, e.g. { release: kube-prometheus-stack }`);
    }
  }
  const severities = raw.severities;
  if (severities !== undefined) {
    if (typeof severities !== 'object' || severities === null) problems.push('severities: expected a mapping of alert name to critical or warning');
    else for (const [name, severity] of Object.entries(severities)) {
      if (!(ALERT_SEVERITIES as readonly unknown[]).includes(severity)) problems.push(`severities.${name}: expected one of ${ALERT_SEVERITIES.join(', ')}`);
    }
  }
  if (typeof settings.runbookBaseUrl === 'string' && !/^https?:\/\/.+\/$/.test(settings.runbookBaseUrl)) {
    problems.push('runbookBaseUrl: must be an absolute http(s) URL ending in "/" (runbook links in notifications must open from anywhere)');
  }
  if (problems.length > 0) throw new Error(`${file}:\n  ${problems.join('\n  ')}`);
  return settings as unknown as GeneratorSettings;
}
