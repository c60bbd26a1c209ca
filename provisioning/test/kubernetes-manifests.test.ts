/**
 * The Kubernetes manifests: every resource validates against the maintained schema packages
 * (kubernetes-models, @kubernetes-models/prometheus-operator: no API server runs here), the
 * resources find each other (selectors, port names, mounts, the ServiceAccount), the ConfigMap's
 * agent config passes the exporter's own loader, the probes hit paths the exporter serves, and
 * `kubectl apply -f provisioning/kubernetes/` meets the Namespace first.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseConfig } from '../../exporter/src/config/load';
import { NonceCache } from '../../exporter/src/mesh/nonce-cache';
import { createApp } from '../../exporter/src/server/app';
import { exporterAlerts } from '../src/alerts/exporter';
import { SECRET_FILE } from '../src/kubernetes/agent-config';
import { CONFIG_KEY, SECRET_KEY } from '../src/kubernetes/common';
import { AGENT_FILE, DASHBOARDS_FILE, KUBERNETES_DIR, kubernetesResources, NETWORK_POLICY_FILE, POD_MONITOR_FILE, SECRET_TEMPLATE_FILE } from '../src/kubernetes/manifests';
import { SECRET_PLACEHOLDER } from '../src/kubernetes/optional';
import { generateAll } from '../src/outputs';
import { PROMETHEUS_RULE_FILE } from '../src/render/prometheus-rule-resource';
import { DEFAULT_SETTINGS } from '../src/settings';
import { ROOT, readRepoFile } from './tools';

/* eslint-disable @typescript-eslint/no-explicit-any -- resources are read back from YAML, as kubectl reads them */
type Resource = Record<string, any>;

function validate(resources: readonly unknown[]): { kind: string; name: string; error: string | null }[] {
  const result = spawnSync(process.execPath, [join(__dirname, 'support', 'validate-resources.mjs')], { input: JSON.stringify(resources), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`validate-resources.mjs failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { kind: string; name: string; error: string | null }[];
}

/** The checked-in files, read back as kubectl would. */
const files = generateAll(DEFAULT_SETTINGS);
const documents = (path: string): Resource[] => parseAllDocuments(readRepoFile(path)).map((document) => document.toJS() as Resource);
const paths = [...files.keys()].filter((path) => path.startsWith(`${KUBERNETES_DIR}/`)).sort();
const all = paths.flatMap((path) => documents(path).map((resource) => ({ path, resource })));
const find = (kind: string, name?: string): Resource => {
  const found = all.find(({ resource }) => resource.kind === kind && (name === undefined || resource.metadata.name === name));
  if (found === undefined) throw new Error(`no ${kind} ${name ?? ''} in ${KUBERNETES_DIR}`);
  return found.resource;
};
const daemonSet = find('DaemonSet');
const pod = daemonSet.spec.template.spec;
const container = pod.containers[0];

describe('Kubernetes manifests', () => {
  it('are these files and resources, generated (npm run generate) and nothing else in the folder', () => {
    expect(paths).toEqual([AGENT_FILE, DASHBOARDS_FILE, POD_MONITOR_FILE, PROMETHEUS_RULE_FILE, NETWORK_POLICY_FILE, SECRET_TEMPLATE_FILE].sort());
    const onDisk = (dir: string): string[] =>
      readdirSync(join(ROOT, dir)).flatMap((name) => (statSync(join(ROOT, dir, name)).isDirectory() ? onDisk(`${dir}/${name}`) : [`${dir}/${name}`]));
    expect(onDisk(KUBERNETES_DIR).sort()).toEqual(paths);
    expect(all.map(({ path, resource }) => `${path.slice(KUBERNETES_DIR.length + 1)}: ${resource.kind}/${resource.metadata.name}`)).toEqual([
      'netsplit-agent.yaml: Namespace/netsplit',
      'netsplit-agent.yaml: PriorityClass/netsplit-node-critical',
      'netsplit-agent.yaml: ServiceAccount/netsplit-exporter',
      'netsplit-agent.yaml: ClusterRole/netsplit-exporter',
      'netsplit-agent.yaml: ClusterRoleBinding/netsplit-exporter',
      'netsplit-agent.yaml: ConfigMap/netsplit-config',
      'netsplit-agent.yaml: Service/netsplit-exporter',
      'netsplit-agent.yaml: DaemonSet/netsplit-exporter',
      'netsplit-dashboards.yaml: ConfigMap/netsplit-overview-dashboard',
      'netsplit-dashboards.yaml: ConfigMap/netsplit-node-dashboard',
      'netsplit-podmonitor.yaml: PodMonitor/netsplit-exporter',
      'netsplit-prometheusrule.yaml: PrometheusRule/netsplit',
      'optional/netsplit-networkpolicy.yaml: NetworkPolicy/netsplit-exporter',
      'templates/netsplit-secret.yaml: Secret/netsplit-secret',
    ]);
  });

  it('validate against the Kubernetes and prometheus-operator schemas', () => {
    const results = validate(all.map(({ resource }) => resource));
    expect(results.filter((result) => result.error !== null)).toEqual([]);
    expect(results).toHaveLength(14);
  });

  it('a resource the API server would refuse fails the same validation (the check bites)', () => {
    const broken = structuredClone(daemonSet);
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    const wrongVerb = structuredClone(find('ClusterRole'));
    wrongVerb.rules[0].verbs = 'get';
    expect(validate([broken, wrongVerb])).toEqual([
      { kind: 'DaemonSet', name: 'netsplit-exporter', error: 'data/spec/template/spec/containers/0/ports/0/containerPort must be integer' },
      { kind: 'ClusterRole', name: 'netsplit-exporter', error: 'data/rules/0/verbs must be array' },
    ]);
  });

  it('apply from the folder in name order with the Namespace first; every namespaced resource is in it, the one the runbook names', () => {
    const applied = paths.filter((path) => !path.slice(KUBERNETES_DIR.length + 1).includes('/'));
    expect(documents(applied[0]!)[0]).toMatchObject({ kind: 'Namespace', metadata: { name: 'netsplit' } });
    const clusterScoped = ['Namespace', 'PriorityClass', 'ClusterRole', 'ClusterRoleBinding'];
    expect(all.filter(({ resource }) => !clusterScoped.includes(resource.kind) && resource.metadata.namespace !== 'netsplit')).toEqual([]);
    const down = exporterAlerts(DEFAULT_SETTINGS).find((alert) => alert.name === 'NetsplitExporterDown');
    expect(down?.command).toContain('kubectl -n netsplit get pod');
    expect(down?.command).toContain('systemctl status netsplit-exporter');
  });

  it('run one agent per node, every node, on the host network, naming itself after the node', () => {
    expect(pod.hostNetwork).toBe(true);
    expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.priorityClassName).toBe(find('PriorityClass').metadata.name);
    expect(container.env).toEqual([{ name: 'NETSPLIT_NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]);
    expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } });
  });

  it('run as the image user, without privileges, on a read-only root filesystem', () => {
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    // The one writable place is /tmp, in memory.
    expect(container.volumeMounts.filter((mount: Resource) => mount.readOnly !== true)).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    // The secret: group-readable by fsGroup, by no one else (the agent warns about world-readable keys).
    expect(pod.volumes.find((volume: Resource) => volume.name === 'secret')).toEqual({ name: 'secret', secret: { secretName: 'netsplit-secret', defaultMode: 0o440 } });
  });

  describe('probes', () => {
    let server: Server;
    let port = 0;
    beforeAll(async () => {
      const secret = Buffer.from('a-secret-of-at-least-16-bytes');
      const app = createApp({ scrape: async () => '', contentType: 'text/plain', isReady: () => true, view: () => ({}) as never, delta: () => ({}) as never, secret, cluster: 'c', insecure: false, onRejected: () => {}, self: 'n1', responseKey: { kind: 'hmac', secret }, nonces: new NonceCache(120_000) });
      server = createServer(app.callback());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('ask the exporter paths it serves, on the named port of the agent', async () => {
      expect([container.readinessProbe.httpGet, container.livenessProbe.httpGet]).toEqual([
        { path: '/readyz', port: 'http' },
        { path: '/healthz', port: 'http' },
      ]);
      const answers = await Promise.all([container.readinessProbe.httpGet.path, container.livenessProbe.httpGet.path, '/no-such-path'].map((path) => fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.status)));
      expect(answers).toEqual([200, 200, 404]);
      expect(container.ports).toEqual([
        { name: 'http', containerPort: 9465, protocol: 'TCP' },
        { name: 'heartbeat', containerPort: 9465, protocol: 'UDP' },
      ]);
    });
  });

  it('the headless Service lists every agent, ready or not, for DNS discovery', () => {
    const service = find('Service');
    expect(service.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(service.spec.selector).toEqual(daemonSet.spec.selector.matchLabels);
    expect(Object.entries(service.spec.selector).filter(([key, value]) => daemonSet.spec.template.metadata.labels[key] !== value)).toEqual([]);
    expect(service.spec.ports.map((p: Resource) => `${p.protocol}/${p.port}→${p.targetPort}`)).toEqual(['TCP/9465→http', 'UDP/9465→heartbeat']);
  });

  it('the ServiceAccount may only read Node objects', () => {
    expect(pod.serviceAccountName).toBe(find('ServiceAccount').metadata.name);
    expect(find('ClusterRole').rules).toEqual([{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }]);
    expect(find('ClusterRoleBinding')).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'netsplit-exporter' },
      subjects: [{ kind: 'ServiceAccount', name: 'netsplit-exporter', namespace: 'netsplit' }],
    });
  });

  it("the ConfigMap's agent config passes the exporter's loader as each pod reads it", () => {
    const configMap = find('ConfigMap', 'netsplit-config');
    const args: string[] = container.args;
    const configMount = container.volumeMounts.find((mount: Resource) => mount.name === 'config');
    expect(args).toEqual(['--config', `${configMount.mountPath}/${CONFIG_KEY}`]);
    expect(pod.volumes.find((volume: Resource) => volume.name === 'config').configMap.name).toBe(configMap.metadata.name);
    const loaded = parseConfig(configMap.data[CONFIG_KEY], args[1]!, { NETSPLIT_NODE: 'node-2', NETSPLIT_SECRET: 'a-secret-of-at-least-16-bytes' });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect([loaded.config.cluster, loaded.config.node, loaded.config.peers.map((p) => p.name), loaded.config.discovery, loaded.config.listen, loaded.warnings]).toEqual([
      'kubernetes',
      'node-2',
      [],
      { kind: 'dns', name: 'netsplit-exporter.netsplit.svc.cluster.local', port: 9465, refreshMs: 10_000 },
      { host: '0.0.0.0', port: 9465 },
      [],
    ]);
    // The name it resolves is the headless Service's, which keeps a cut-off agent listed.
    const service = find('Service', 'netsplit-exporter');
    expect([service.spec.clusterIP, service.spec.publishNotReadyAddresses, `${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local`]).toEqual(['None', true, 'netsplit-exporter.netsplit.svc.cluster.local']);
    // The secret file is where the Secret volume puts its key.
    const secretMount = container.volumeMounts.find((mount: Resource) => mount.name === 'secret');
    expect(SECRET_FILE).toBe(`${secretMount.mountPath}/${SECRET_KEY}`);
    expect(configMap.data[CONFIG_KEY]).toContain(`secretFile: ${SECRET_FILE}`);
  });

  it("the Secret template's placeholder is refused by the agent, so an unchanged template never runs a cluster on a public key", () => {
    const template = find('Secret');
    expect(template.stringData).toEqual({ [SECRET_KEY]: SECRET_PLACEHOLDER });
    expect(template.metadata.name).toBe(pod.volumes.find((volume: Resource) => volume.name === 'secret').secret.secretName);
    const loaded = parseConfig(find('ConfigMap', 'netsplit-config').data[CONFIG_KEY], 'netsplit.yaml', { NETSPLIT_NODE: 'node-1', NETSPLIT_SECRET: template.stringData[SECRET_KEY] });
    expect(loaded).toEqual({ ok: false, problems: ['netsplit.yaml: secretFile: the secret has 10 bytes; use at least 16 (e.g. head -c 32 /dev/urandom | base64)'] });
  });

  it('the PodMonitor scrapes the agents on their named port at the interval the rules count in', () => {
    const monitor = find('PodMonitor');
    expect(monitor.spec.selector.matchLabels).toEqual(daemonSet.spec.selector.matchLabels);
    expect(monitor.spec.podMetricsEndpoints).toEqual([{ port: 'http', path: '/metrics', interval: '15s' }]);
    const custom = kubernetesResources({ ...DEFAULT_SETTINGS, podMonitorLabels: { release: 'kube-prometheus-stack' }, scrapeInterval: '30s', exporterImage: 'registry.example.com/netsplit-exporter:0.1.0' });
    const [customMonitor] = custom.get(POD_MONITOR_FILE) as Resource[];
    expect(customMonitor!.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(customMonitor!.spec.podMetricsEndpoints[0].interval).toBe('30s');
    const customDaemonSet = (custom.get(AGENT_FILE) as Resource[]).find((resource) => resource.kind === 'DaemonSet');
    expect(customDaemonSet!.spec.template.spec.containers[0].image).toBe('registry.example.com/netsplit-exporter:0.1.0');
    expect(container.image).toBe('netsplit-exporter:0.1.0');
  });

  it("the dashboards are ConfigMaps for Grafana's sidecar, each holding its checked-in dashboard", () => {
    const maps = documents(DASHBOARDS_FILE);
    expect(maps.map((map) => [map.metadata.labels.grafana_dashboard, map.metadata.annotations.grafana_folder, Object.keys(map.data)])).toEqual([
      ['1', 'netsplit', ['netsplit-overview.json']],
      ['1', 'netsplit', ['netsplit-node.json']],
    ]);
    for (const map of maps) {
      const [key, json] = (Object.entries(map.data) as [string, string][])[0]!;
      expect(json).toBe(readRepoFile(`dashboards/${key}`));
    }
  });

  it('the optional NetworkPolicy admits heartbeats and pulls from the nodes and scrapes from Prometheus, on the agent port', () => {
    const policy = find('NetworkPolicy');
    expect(policy.spec.podSelector.matchLabels).toEqual(daemonSet.spec.selector.matchLabels);
    expect(policy.spec.ingress.map((rule: Resource) => rule.ports.map((p: Resource) => `${p.protocol}/${p.port}`))).toEqual([['UDP/9465', 'TCP/9465'], ['TCP/9465']]);
  });
});
