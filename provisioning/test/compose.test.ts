/**
 * No container engine runs here, so docker-compose.yaml is checked for structure only: the
 * services, that every bind-mounted path exists (or is a build output `npm run build` makes),
 * ports, and that every config file a service reads exists and points at the others.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseConfig } from '../../exporter/src/config/load';
import { BUILD_OUTPUTS } from '../src/render/compose';
import { readRepoFile, ROOT } from './tools';

interface Service {
  image: string;
  command?: string[];
  volumes?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: string[];
}

const compose = parse(readRepoFile('docker-compose.yaml')) as { name: string; services: Record<string, Service> };
const services = compose.services;
const service = (name: string): Service => {
  const found = services[name];
  if (found === undefined) throw new Error(`docker-compose.yaml has no service ${name}`);
  return found;
};
const mounts = (name: string) =>
  (service(name).volumes ?? []).map((volume) => {
    const [source = '', target = '', mode] = volume.split(':');
    return { source, target, mode };
  });
/** The repository file a service sees at `path`, through its bind mounts. */
function hostPath(name: string, path: string): string | undefined {
  const mount = mounts(name)
    .filter((m) => path === m.target || path.startsWith(`${m.target}/`))
    .sort((a, b) => b.target.length - a.target.length)[0];
  return mount === undefined ? undefined : join(mount.source, path.slice(mount.target.length));
}

describe('docker-compose.yaml (structure only: no container engine runs here)', () => {
  it('runs Grafana, Prometheus, Alertmanager and one exporter from pinned images', () => {
    expect(Object.keys(services).sort()).toEqual(['alertmanager', 'exporter', 'grafana', 'prometheus']);
    for (const [name, definition] of Object.entries(services)) expect([name, definition.image]).toEqual([name, expect.stringMatching(/^[a-z0-9/._-]+:[0-9A-Za-z.-]+$/)]);
  });

  it('mounts only paths that exist, read-only, or build outputs that npm run build makes', () => {
    const rootBuild = (JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> }).scripts.build ?? '';
    for (const name of Object.keys(services)) {
      for (const mount of mounts(name)) {
        expect([name, mount.source, mount.mode]).toEqual([name, expect.stringMatching(/^\.\//), 'ro']);
        if ((BUILD_OUTPUTS as readonly string[]).includes(mount.source)) {
          const workspace = mount.source.split('/')[1] ?? '';
          expect(rootBuild).toContain(`-w ${workspace}`);
          expect(existsSync(join(ROOT, workspace, 'package.json'))).toBe(true);
        } else {
          expect([name, mount.source, existsSync(join(ROOT, mount.source))]).toEqual([name, mount.source, true]);
        }
      }
    }
  });

  it('publishes each port once per protocol, and the exporter its heartbeat port on UDP too', () => {
    const published = Object.values(services).flatMap((definition) => definition.ports ?? []);
    expect(published.sort()).toEqual(['3000:3000', '9090:9090', '9093:9093', '9465:9465/tcp', '9465:9465/udp']);
  });

  it('gives Grafana the panel plugin (unsigned, under its id) and every provisioning directory', () => {
    const grafana = service('grafana');
    expect(grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe('netsplit-matrix-panel');
    expect(mounts('grafana').map((m) => `${m.source} -> ${m.target}`)).toEqual([
      './panel-plugin/dist -> /var/lib/grafana/plugins/netsplit-matrix-panel',
      './provisioning/grafana/datasources -> /etc/grafana/provisioning/datasources',
      './provisioning/grafana/dashboards -> /etc/grafana/provisioning/dashboards',
      './provisioning/grafana/alerting -> /etc/grafana/provisioning/alerting',
      './dashboards -> /var/lib/grafana/dashboards/netsplit',
    ]);
    const datasources = parse(readRepoFile('provisioning/grafana/datasources/netsplit-prometheus.yaml')) as { datasources: { url: string }[] };
    expect(datasources.datasources[0]?.url).toBe('http://prometheus:9090');
  });

  it('points Prometheus at a config that exists, loads the generated rules, scrapes the exporter and alerts the Alertmanager service', () => {
    const configArg = service('prometheus').command?.find((arg) => arg.startsWith('--config.file=')) ?? '';
    const configPath = hostPath('prometheus', configArg.replace('--config.file=', ''));
    expect(configPath).toBe('provisioning/prometheus/prometheus.yml');
    const config = parse(readRepoFile(configPath ?? '')) as {
      rule_files: string[];
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    expect(config.rule_files).toEqual(['rules/*.yml']);
    expect(existsSync(join(ROOT, 'provisioning/prometheus/rules/netsplit-alerts.yml'))).toBe(true);
    expect(config.alerting.alertmanagers[0]?.static_configs[0]?.targets).toEqual(['alertmanager:9093']);
    expect(config.scrape_configs.map((job) => [job.job_name, job.static_configs[0]?.targets])).toEqual([['netsplit', ['exporter:9465']]]);
  });

  it('points Alertmanager at the generated config', () => {
    const configArg = service('alertmanager').command?.find((arg) => arg.startsWith('--config.file=')) ?? '';
    const configPath = hostPath('alertmanager', configArg.replace('--config.file=', ''));
    expect(configPath).toBe('provisioning/alertmanager/alertmanager.yml');
    expect(existsSync(join(ROOT, configPath ?? ''))).toBe(true);
  });

  it('runs the exporter with a config the exporter itself accepts, listening on the published port', () => {
    const exporter = service('exporter');
    const configArg = exporter.command?.[(exporter.command?.indexOf('--config') ?? -2) + 1] ?? '';
    const configPath = hostPath('exporter', configArg);
    expect(configPath).toBe('provisioning/compose/netsplit.yaml');
    const result = parseConfig(readRepoFile(configPath ?? ''), configPath ?? '');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect([result.config.cluster, result.config.node, result.config.listen.port, result.config.heartbeat.port]).toEqual(['compose', 'compose-1', 9465, 9465]);
    expect(hostPath('exporter', '/app/exporter/dist/cli.js')).toBe('exporter/dist/cli.js');
  });
});
