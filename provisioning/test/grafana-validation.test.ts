/**
 * The checks Grafana itself applies when it loads provisioned files, encoded as tests, since no
 * Grafana server runs where netsplit is built (docker-compose.yaml runs the real thing). Each
 * check names where Grafana states it; the generator's output must pass them for every setting a
 * user may choose, not only the defaults.
 */
import { parse } from 'yaml';
import { generateAll } from '../src/outputs';
import { GRAFANA_POLICIES_FILE, GRAFANA_RULES_FILE } from '../src/render/grafana-alerting';
import { DATASOURCE_FILE } from '../src/render/grafana-provisioning';
import { durationSeconds, DEFAULT_SETTINGS, type GeneratorSettings } from '../src/settings';

interface RuleGroup {
  name: string;
  folder: string;
  interval: string;
  rules: { uid: string; title: string; condition: string; for: string; data: { refId: string }[] }[];
}

const SETTINGS: ReadonlyArray<readonly [string, GeneratorSettings]> = [
  ['defaults (15 s scrapes)', DEFAULT_SETTINGS],
  ['5 s scrapes', { ...DEFAULT_SETTINGS, scrapeInterval: '5s', evaluationInterval: '5s' }],
  ['30 s scrapes (kube-prometheus)', { ...DEFAULT_SETTINGS, scrapeInterval: '30s', evaluationInterval: '30s' }],
  ['1 m scrapes (Prometheus default)', { ...DEFAULT_SETTINGS, scrapeInterval: '1m', evaluationInterval: '1m' }],
];

/** Grafana's scheduler base interval: `[unified_alerting] base_interval`, 10s by default. */
const BASE_INTERVAL_SECONDS = 10;

describe.each(SETTINGS)('Grafana provisioning with %s', (_name, settings) => {
  const files = generateAll(settings);
  const groups = (parse(files.get(GRAFANA_RULES_FILE) ?? '') as { groups: RuleGroup[] }).groups;

  it('every rule group interval is a positive multiple of the scheduler base interval', () => {
    // Grafana refuses the group otherwise ("should be positive number that is multiple of the
    // base interval"): pkg/services/ngalert/api/api_ruler_validation.go, validateRuleGroup.
    const bad = groups.filter((group) => {
      const seconds = durationSeconds(group.interval);
      return seconds <= 0 || seconds % BASE_INTERVAL_SECONDS !== 0;
    });
    expect(bad.map((group) => `${group.name}: ${group.interval}`)).toEqual([]);
  });

  it('every rule has a uid of at most 40 characters, unique, and a title of at most 190, unique in its folder', () => {
    // util.MaxUIDLength (40) and AlertRuleMaxTitleLength (190): pkg/services/ngalert/models/alert_rule.go;
    // titles are unique per folder (the provisioning API answers 409 otherwise).
    const rules = groups.flatMap((group) => group.rules.map((rule) => ({ ...rule, folder: group.folder })));
    expect(rules.filter((rule) => rule.uid.length > 40 || !/^[a-zA-Z0-9_-]+$/.test(rule.uid)).map((rule) => rule.uid)).toEqual([]);
    expect(new Set(rules.map((rule) => rule.uid)).size).toBe(rules.length);
    expect(rules.filter((rule) => rule.title.length > 190).map((rule) => rule.title)).toEqual([]);
    expect(new Set(rules.map((rule) => `${rule.folder}/${rule.title}`)).size).toBe(rules.length);
  });

  it('every rule\'s condition names one of its queries, and its `for` is a duration not shorter than zero', () => {
    // validateCondition in pkg/services/ngalert/models/alert_rule.go: the condition refId must exist in data.
    for (const rule of groups.flatMap((group) => group.rules)) {
      expect([rule.title, rule.data.some((query) => query.refId === rule.condition)]).toEqual([rule.title, true]);
      expect(durationSeconds(rule.for)).toBeGreaterThanOrEqual(0);
    }
  });

  it('the datasource is not the default unless asked (two provisioned defaults stop Grafana from starting)', () => {
    // "Only one datasource per organization can be marked as default":
    // pkg/services/provisioning/datasources/config_reader.go, validateDefaultUniqueness.
    const datasources = (parse(files.get(DATASOURCE_FILE) ?? '') as { datasources: { isDefault: boolean }[] }).datasources;
    expect(datasources.map((ds) => ds.isDefault)).toEqual([false]);
  });

  it('the notification policy tree is opt-in: outside the alerting folder Grafana loads, so it never replaces the user\'s tree', () => {
    // A provisioned `policies` entry resets the organisation's whole policy tree (Grafana docs,
    // "Provision alerting resources › Notification policies").
    expect(GRAFANA_POLICIES_FILE.startsWith('provisioning/grafana/alerting/')).toBe(false);
    const loaded = [...files.keys()].filter((path) => path.startsWith('provisioning/grafana/alerting/'));
    expect(loaded.map((path) => [path, (parse(files.get(path) ?? '') as Record<string, unknown>).policies])).toEqual(loaded.map((path) => [path, undefined]));
  });
});

describe('Grafana provisioning when asked for a default datasource', () => {
  it('marks it default', () => {
    const files = generateAll({ ...DEFAULT_SETTINGS, datasourceIsDefault: true });
    expect((parse(files.get(DATASOURCE_FILE) ?? '') as { datasources: { isDefault: boolean }[] }).datasources.map((ds) => ds.isDefault)).toEqual([true]);
  });
});

describe('dashboards in a user\'s Grafana', () => {
  const files = generateAll(DEFAULT_SETTINGS);
  const dashboards = [...files].filter(([path]) => path.startsWith('dashboards/')).map(([, text]) => JSON.parse(text) as {
    uid: string;
    templating: { list: { name: string; type: string; query: unknown }[] };
    panels: { type: string; datasource?: { uid: string }; targets?: { datasource: { uid: string } }[] }[];
  });

  it('pick the Prometheus with a ${datasource} variable and the cluster with ${cluster}; no fixed datasource uid anywhere', () => {
    for (const dashboard of dashboards) {
      expect(dashboard.uid.length).toBeLessThanOrEqual(40);
      expect(dashboard.templating.list.slice(0, 2).map((variable) => [variable.name, variable.type])).toEqual([
        ['datasource', 'datasource'],
        ['cluster', 'query'],
      ]);
      const uids = new Set(dashboard.panels.flatMap((panel) => [panel.datasource?.uid, ...(panel.targets ?? []).map((target) => target.datasource.uid)]).filter((uid) => uid !== undefined));
      expect([...uids]).toEqual(['${datasource}']);
    }
  });
});
