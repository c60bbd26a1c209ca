/**
 * docker-compose.yaml for users: Grafana with the panel plugin mounted, Prometheus with the
 * generated rules, Alertmanager with the generated routing, and one exporter. No container
 * engine runs where this is built; a test checks it structurally (provisioning/test/compose.test.ts).
 */
import type { GeneratorSettings } from '../settings';
import { PANEL_PLUGIN_ID } from '../dashboards/builders';
import { ALERTMANAGER_FILE } from './alertmanager';
import { DASHBOARDS_MOUNT } from './grafana-provisioning';
import { toYaml } from './yaml';

export const COMPOSE_FILE = 'docker-compose.yaml';
export const PROMETHEUS_CONFIG_FILE = 'provisioning/prometheus/prometheus.yml';
export const COMPOSE_EXPORTER_CONFIG = 'provisioning/compose/netsplit.yaml';
export const EXPORTER_PORT = 9465;

/** Bind mounts of outputs a build produces (not checked in): `npm run build` first. */
export const BUILD_OUTPUTS = ['./panel-plugin/dist', './exporter/dist'] as const;

export function composeYaml(_settings: GeneratorSettings): string {
  return toYaml({
    name: 'netsplit',
    services: {
      prometheus: {
        image: 'prom/prometheus:v2.53.2',
        command: ['--config.file=/etc/prometheus/prometheus.yml', '--web.enable-lifecycle'],
        volumes: ['./provisioning/prometheus:/etc/prometheus:ro'],
        ports: ['9090:9090'],
        depends_on: ['alertmanager', 'exporter'],
      },
      alertmanager: {
        image: 'prom/alertmanager:v0.27.0',
        command: ['--config.file=/etc/alertmanager/alertmanager.yml', '--storage.path=/alertmanager'],
        volumes: [`./${ALERTMANAGER_FILE.replace(/\/alertmanager\.yml$/, '')}:/etc/alertmanager:ro`],
        ports: ['9093:9093'],
      },
      grafana: {
        image: 'grafana/grafana:13.1.1',
        environment: {
          GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS: PANEL_PLUGIN_ID,
          GF_AUTH_ANONYMOUS_ENABLED: 'true',
          GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
        },
        volumes: [
          `./panel-plugin/dist:/var/lib/grafana/plugins/${PANEL_PLUGIN_ID}:ro`,
          './provisioning/grafana/datasources:/etc/grafana/provisioning/datasources:ro',
          './provisioning/grafana/dashboards:/etc/grafana/provisioning/dashboards:ro',
          './provisioning/grafana/alerting:/etc/grafana/provisioning/alerting:ro',
          `./dashboards:${DASHBOARDS_MOUNT}:ro`,
        ],
        ports: ['3000:3000'],
        depends_on: ['prometheus'],
      },
      exporter: {
        image: 'node:20-bookworm-slim',
        working_dir: '/app',
        command: ['node', 'exporter/dist/cli.js', '--config', '/etc/netsplit/netsplit.yaml'],
        volumes: [
          './exporter/dist:/app/exporter/dist:ro',
          './exporter/package.json:/app/exporter/package.json:ro',
          './node_modules:/app/node_modules:ro',
          `./${COMPOSE_EXPORTER_CONFIG}:/etc/netsplit/netsplit.yaml:ro`,
        ],
        ports: [`${EXPORTER_PORT}:${EXPORTER_PORT}/tcp`, `${EXPORTER_PORT}:${EXPORTER_PORT}/udp`],
      },
    },
  });
}

/** Where a Prometheus finds what it scrapes, alerts and loads; the defaults are docker-compose's. */
export interface PrometheusTargets {
  readonly exporters: readonly string[];
  readonly alertmanagers: readonly string[];
  /** Relative to the config file's directory, or absolute. */
  readonly ruleFiles: readonly string[];
}

export const COMPOSE_TARGETS: PrometheusTargets = {
  exporters: [`exporter:${EXPORTER_PORT}`],
  alertmanagers: ['alertmanager:9093'],
  ruleFiles: ['rules/*.yml'],
};

/**
 * A Prometheus config for the generated rules. The lab test can call this with its agents'
 * addresses and the absolute paths of provisioning/prometheus/rules/*.yml: the job name is the
 * one NetsplitExporterDown reads.
 */
export function prometheusConfigYaml(settings: GeneratorSettings, targets: PrometheusTargets = COMPOSE_TARGETS): string {
  return toYaml({
    global: { scrape_interval: settings.scrapeInterval, evaluation_interval: settings.evaluationInterval },
    rule_files: [...targets.ruleFiles],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [...targets.alertmanagers] }] }] },
    scrape_configs: [
      {
        job_name: 'netsplit',
        static_configs: [{ targets: [...targets.exporters] }],
      },
    ],
  });
}

/** A one-node cluster, enough to see the dashboards fill; add peers for a real mesh. */
export function composeExporterConfigYaml(): string {
  return toYaml({
    cluster: 'compose',
    node: 'compose-1',
    listen: `0.0.0.0:${EXPORTER_PORT}`,
    insecure: true,
    peers: [{ name: 'compose-1', address: `127.0.0.1:${EXPORTER_PORT}` }],
  });
}
