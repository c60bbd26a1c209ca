/**
 * Grafana cannot run here, so its provisioning files and dashboards are checked for structure:
 * the references between them (datasource uid, dashboard uids, plugin id, mount paths) and the
 * Grafana-managed rules against the Prometheus rules they mirror.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { metricKindOf } from '../../panel-plugin/src/data/metrics';
import { PANEL_PLUGIN_ID } from '../src/dashboards/builders';
import { DEFAULT_SETTINGS } from '../src/settings';
import { readRepoFile, ROOT } from './tools';

interface PanelJson {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string; datasource: { type: string; uid: string } }[];
  fieldConfig?: { defaults: { links?: { url: string }[] } };
}
interface DashboardJson {
  uid: string;
  title: string;
  panels: PanelJson[];
  templating: { list: { name: string; datasource?: { uid: string } }[] };
}

/** Dashboards read the viewer's choice of Prometheus; Grafana-managed rules the provisioned uid. */
const DS = '${datasource}';
const dashboardFiles = readdirSync(join(ROOT, 'dashboards')).filter((name) => name.endsWith('.json'));
const dashboards = dashboardFiles.map((name) => JSON.parse(readRepoFile(`dashboards/${name}`)) as DashboardJson);
const byUid = new Map(dashboards.map((dashboard) => [dashboard.uid, dashboard]));
const yamlFile = <T>(path: string) => parse(readRepoFile(path)) as T;

/** The panel plugin's id: plugin.json once the plugin has one, its package name until then. */
function pluginId(): string {
  const pluginJson = 'panel-plugin/src/plugin.json';
  if (existsSync(join(ROOT, pluginJson))) return (JSON.parse(readRepoFile(pluginJson)) as { id: string }).id;
  return (JSON.parse(readRepoFile('panel-plugin/package.json')) as { name: string }).name;
}

describe('Grafana datasource and dashboard provider', () => {
  it('provisions one Prometheus datasource with the fixed uid', () => {
    const file = yamlFile<{ apiVersion: number; datasources: { uid: string; type: string; url: string; isDefault: boolean }[] }>(
      'provisioning/grafana/datasources/netsplit-prometheus.yaml',
    );
    expect(file.apiVersion).toBe(1);
    expect(file.datasources.map((ds) => [ds.uid, ds.type, ds.url, ds.isDefault])).toEqual([['netsplit-prometheus', 'prometheus', 'http://prometheus:9090', false]]);
  });

  it('loads dashboards from the directory docker-compose mounts dashboards/ at', () => {
    const file = yamlFile<{ providers: { type: string; folder: string; options: { path: string } }[] }>('provisioning/grafana/dashboards/netsplit.yaml');
    const compose = yamlFile<{ services: { grafana: { volumes: string[] } } }>('docker-compose.yaml');
    const mount = compose.services.grafana.volumes.find((volume) => volume.startsWith('./dashboards:'));
    expect(file.providers.map((provider) => [provider.type, provider.folder, provider.options.path])).toEqual([
      ['file', 'netsplit', '/var/lib/grafana/dashboards/netsplit'],
    ]);
    expect(mount).toBe('./dashboards:/var/lib/grafana/dashboards/netsplit:ro');
  });
});

describe('dashboards', () => {
  it('are the overview and the node drill-down, with unique uids', () => {
    expect(dashboards.map((dashboard) => dashboard.uid).sort()).toEqual(['netsplit-node', 'netsplit-overview']);
  });

  it.each(dashboards.map((dashboard) => [dashboard.uid, dashboard] as const))('%s: panel ids unique, grid within 24 columns', (_uid, dashboard) => {
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    for (const panel of dashboard.panels) expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
  });

  it.each(dashboards.map((dashboard) => [dashboard.uid, dashboard] as const))('%s: every panel, query and variable uses the provisioned datasource', (_uid, dashboard) => {
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row' && p.type !== 'alertlist')) {
      expect([panel.title, panel.datasource?.uid]).toEqual([panel.title, DS]);
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect([panel.title, target.datasource.uid, target.expr.length > 0]).toEqual([panel.title, DS, true]);
    }
    for (const variable of dashboard.templating.list.filter((v) => v.name !== 'datasource')) expect(variable.datasource?.uid).toBe(DS);
  });

  it('uses only panel types Grafana ships, plus the netsplit plugin under its plugin id', () => {
    const types = new Set(dashboards.flatMap((dashboard) => dashboard.panels.map((panel) => panel.type)));
    expect([...types].sort()).toEqual(['alertlist', 'netsplit-matrix-panel', 'row', 'stat', 'state-timeline', 'table', 'timeseries']);
    expect(PANEL_PLUGIN_ID).toBe(pluginId());
  });

  it('gives the overview what the 3 AM responder needs', () => {
    const overview = byUid.get('netsplit-overview');
    const titles = overview?.panels.map((panel) => `${panel.type}: ${panel.title}`) ?? [];
    expect(titles).toEqual(
      expect.arrayContaining([
        'netsplit-matrix-panel: Connectivity matrix',
        'stat: Degradation level (worst node)',
        'state-timeline: Roles (consensus timeline)',
        'state-timeline: Split, isolation and heal',
        'state-timeline: Member has a leader',
        'state-timeline: Member is the leader',
        'state-timeline: Quorum reachable from each agent',
        'state-timeline: Replication links',
        'timeseries: Replication lag (seconds, gaps = unknown)',
        'timeseries: Classified probe errors',
        'timeseries: Log pattern matches',
        'alertlist: netsplit alerts',
      ]),
    );
  });

  it('feeds the matrix panel the metrics the plugin reads, each recognisable by its refId', () => {
    const matrix = byUid.get('netsplit-overview')?.panels.find((panel) => panel.type === PANEL_PLUGIN_ID);
    expect(matrix?.targets?.map((target) => [target.refId, metricKindOf(target.refId)])).toEqual([
      ['netsplit_link_up', 'linkUp'],
      ['netsplit_link_rtt_seconds', 'linkRtt'],
      ['netsplit_link_asymmetric', 'linkAsymmetric'],
      ['netsplit_node_role', 'nodeRole'],
      ['netsplit_degradation_level', 'degradationLevel'],
      ['netsplit_bridge_node', 'bridgeNode'],
      ['netsplit_ready', 'ready'],
      ['netsplit_majorities_ring', 'majoritiesRing'],
      ['netsplit_split_brain', 'splitBrain'],
      ['netsplit_split_brain_writer', 'splitBrainWriter'],
    ]);
  });

  it('links the matrix panel to the node drill-down, which has the variables the link sets', () => {
    const matrix = byUid.get('netsplit-overview')?.panels.find((panel) => panel.type === PANEL_PLUGIN_ID);
    const url = matrix?.fieldConfig?.defaults.links?.[0]?.url ?? '';
    expect(url).toBe('/d/netsplit-node/netsplit-node?var-cluster=${cluster}&var-node=${node}');
    const target = byUid.get(url.split('/')[2] ?? '');
    expect(target?.templating.list.map((variable) => variable.name)).toEqual(['datasource', 'cluster', 'node']);
  });
});

interface GrafanaRule {
  uid: string;
  title: string;
  condition: string;
  for: string;
  data: { refId: string; datasourceUid: string; model: { expr?: string; expression?: string } }[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
interface PromRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

describe('Grafana-managed alerting', () => {
  const grafana = yamlFile<{ groups: { folder: string; rules: GrafanaRule[] }[] }>('provisioning/grafana/alerting/netsplit-rules.yaml');
  const prometheus = yamlFile<{ groups: { rules: PromRule[] }[] }>('provisioning/prometheus/rules/netsplit-alerts.yml');
  const grafanaRules = grafana.groups.flatMap((group) => group.rules);
  const promRules = prometheus.groups.flatMap((group) => group.rules);

  it('mirrors every Prometheus alert: same title, for, labels and annotations', () => {
    expect(grafanaRules.map((rule) => [rule.title, rule.for, rule.labels, rule.annotations])).toEqual(
      promRules.map((rule) => [rule.alert, rule.for, rule.labels, rule.annotations]),
    );
  });

  it('has unique uids within Grafana\'s 40 characters, all in the netsplit folder', () => {
    expect(new Set(grafanaRules.map((rule) => rule.uid)).size).toBe(grafanaRules.length);
    for (const rule of grafanaRules) expect(rule.uid.length).toBeLessThanOrEqual(40);
    expect([...new Set(grafana.groups.map((group) => group.folder))]).toEqual(['netsplit']);
  });

  it('queries the provisioned datasource and thresholds the query named by its condition', () => {
    for (const rule of grafanaRules) {
      expect(rule.data.map((query) => [query.refId, query.datasourceUid])).toEqual([
        ['A', DEFAULT_SETTINGS.datasourceUid],
        ['B', '__expr__'],
      ]);
      expect([rule.condition, rule.data[1]?.model.expression]).toEqual(['B', 'A']);
    }
  });

  it('folds the partition guard into the queries of the alerts a partition explains', () => {
    const query = (title: string) => grafanaRules.find((rule) => rule.title === title)?.data[0]?.model.expr ?? '';
    expect(query('NetsplitEtcdMemberNoLeader')).toContain('unless on (netsplit_cluster)\n  (\n    count by (netsplit_cluster) (netsplit:link_cut:two_way) > 0\n  )');
    expect(query('NetsplitEtcdMemberNoLeader')).toContain('unless on (netsplit_cluster, target)');
    expect(query('NetsplitRedisMasterLinkDown')).toContain('unless on (netsplit_cluster, partition_explains)');
    expect(query('NetsplitSplitBrain')).not.toContain('unless on');
    expect(query('NetsplitSplitBrain')).toBe(
      'group without () (\n  (\n    max by (netsplit_cluster) (netsplit_split_brain) == 1\n    or\n' +
        '    max by (netsplit_cluster) (count by (netsplit_cluster, system, target) (count by (netsplit_cluster, system, target, server) (netsplit_replication_role_info{role="primary"} == 1)) > 1)\n  )\n)',
    );
  });

  it('routes its notification policy to the provisioned contact point', () => {
    const contacts = yamlFile<{ contactPoints: { name: string; receivers: { uid: string; type: string }[] }[] }>('provisioning/grafana/alerting/netsplit-contact-points.yaml');
    const policies = yamlFile<{ policies: { receiver: string; group_by: string[]; routes: { receiver: string; object_matchers: string[][] }[] }[] }>(
      'provisioning/grafana/optional/netsplit-policies.yaml',
    );
    const names = contacts.contactPoints.map((point) => point.name);
    expect(names).toEqual(['netsplit-oncall']);
    for (const policy of policies.policies) {
      expect(names).toContain(policy.receiver);
      expect(policy.group_by).toEqual(['grafana_folder', 'netsplit_cluster', 'alertname']);
      for (const route of policy.routes) expect(names).toContain(route.receiver);
    }
  });
});
