/**
 * Label names of the netsplit metric contract, shared by the exporter, the panel, the generated
 * rules and the docs.
 *
 * None of them may be a label that Prometheus or a common scrape configuration attaches itself:
 * Prometheus sets `job` and `instance` on every scraped series, and kube-prometheus, PodMonitors
 * and ServiceMonitors add `cluster`, `node`, `namespace`, `pod`, `service`, `endpoint` and
 * `container`. With `honor_labels: false` (the default) a clash renames the exporter's label to
 * `exported_<name>`, and a rule that groups by the original name silently counts scrape targets
 * instead of what it meant (a real split-brain false page came from exactly that). So the
 * identity labels carry the product's prefix, and the database address is `server`.
 */

/** The netsplit cluster (mesh) an agent belongs to: `cluster` in the agent's config. */
export const CLUSTER_LABEL = 'netsplit_cluster';
/** The mesh node whose agent exported the series: `node` in the agent's config. */
export const NODE_LABEL = 'netsplit_node';
/** A database instance's address (`host:port`) on replication series. */
export const SERVER_LABEL = 'server';

/**
 * Labels that scrape configurations attach themselves: no netsplit series may carry one
 * (checked by a test over every metric the exporter declares).
 */
export const SCRAPE_OWNED_LABELS = ['job', 'instance', 'cluster', 'node', 'namespace', 'pod', 'service', 'endpoint', 'container'] as const;
