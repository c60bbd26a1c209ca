/**
 * Input series for promtool's rule unit tests, built per agent the way the exporter exports
 * them: every series carries cluster and node (the exporting agent) plus the job and instance
 * Prometheus adds when it scrapes.
 */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

export type Labels = Readonly<Record<string, string>>;

/** promtool's expanding notation, 5 s apart: 10 minutes of a constant. */
export const STEADY = 'x120';

export function series(name: string, labels: Labels, values: string): InputSeries {
  const body = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(', ');
  return { series: `${name}{${body}}`, values };
}

export const CLUSTER = 'prod-eu';
export const NODES = ['n1', 'n2', 'n3', 'n4', 'n5'] as const;
export type NodeName = (typeof NODES)[number];

export function agentLabels(node: NodeName): Labels {
  return { cluster: CLUSTER, node, job: 'netsplit', instance: `${node}:9465` };
}

export function constant(value: number): string {
  return `${value}${STEADY}`;
}

/** A counter growing by `step` every 5 s. */
export function growing(step: number): string {
  return `0+${step}${STEADY}`;
}

export function flat(): string {
  return `0${STEADY}`;
}
