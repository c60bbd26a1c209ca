/**
 * Input series for promtool's rule unit tests, built per agent exactly as Prometheus stores them
 * after a scrape: the exporter's netsplit_cluster and netsplit_node plus the target labels of one
 * of three real scrape setups.
 */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

export type Labels = Readonly<Record<string, string>>;

/** promtool's expanding notation, one sample per scrape (15 s apart): 30 minutes of a constant. */
export const STEADY = 'x120';
/** The scrape interval the series are spaced by: the generator's default. */
export const SCRAPE_INTERVAL = '15s';

export function series(name: string, labels: Labels, values: string): InputSeries {
  const body = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(', ');
  return { series: `${name}{${body}}`, values };
}

export const CLUSTER = 'prod-eu';
export const NODES = ['n1', 'n2', 'n3', 'n4', 'n5'] as const;
export type NodeName = (typeof NODES)[number];

/**
 * The three ways a user's Prometheus scrapes the agents, and the labels each one stores on every
 * series. The rules must hold in all three; none of them may clash with the exporter's labels.
 * - static: a plain `static_configs` job (Prometheus adds job and instance);
 * - podmonitor: prometheus-operator's PodMonitor with kube-prometheus's relabelling: job is
 *   `<namespace>/<podmonitor>`, instance the pod address, and the target carries namespace, pod,
 *   container, endpoint, the Kubernetes `node` (__meta_kubernetes_pod_node_name, the same name the
 *   DaemonSet gives NETSPLIT_NODE) and a `cluster` of the user's own (here another name than the
 *   netsplit cluster, to prove the rules never read it);
 * - honor-labels: `honor_labels: true` (exporter labels win clashes; there are none to win).
 */
export type ScrapeSetup = 'static' | 'podmonitor' | 'honor-labels';
export const SCRAPE_SETUPS: readonly ScrapeSetup[] = ['static', 'podmonitor', 'honor-labels'];

let currentSetup: ScrapeSetup = 'static';

/** Builds a test file's series under one scrape setup (the scenario builders read it). */
export function withScrapeSetup<T>(setup: ScrapeSetup, build: () => T): T {
  const previous = currentSetup;
  currentSetup = setup;
  try {
    return build();
  } finally {
    currentSetup = previous;
  }
}

/** The labels Prometheus attaches to the agent's scrape target under the current setup. */
export function targetLabels(node: NodeName): Labels {
  const index = node.slice(1);
  switch (currentSetup) {
    case 'static':
      return { job: 'netsplit', instance: `${node}:9465` };
    case 'honor-labels':
      return { job: 'netsplit-honor', instance: `${node}:9465` };
    case 'podmonitor':
      return {
        job: 'monitoring/netsplit',
        instance: `10.0.0.${index}:9465`,
        namespace: 'monitoring',
        pod: `netsplit-agent-${index}x7k`,
        container: 'exporter',
        endpoint: 'metrics',
        node,
        cluster: 'k8s-eu-1',
      };
  }
}

/** Every series an agent exports, as stored: its own labels plus its target's. */
export function agentLabels(node: NodeName): Labels {
  return { netsplit_cluster: CLUSTER, netsplit_node: node, ...targetLabels(node) };
}

export function constant(value: number): string {
  return `${value}${STEADY}`;
}

/** A counter growing by `step` every scrape. */
export function growing(step: number): string {
  return `0+${step}${STEADY}`;
}

export function flat(): string {
  return `0${STEADY}`;
}
