/**
 * docs/metrics.md: every metric of the contract (exporter/src/contract/metrics.ts) as a table per
 * family, with the prose that explains how to read them. The rows come from the contract, so the
 * page cannot drift from what the exporter declares.
 */
import { CLUSTER_LABEL, NODE_LABEL, SCRAPE_OWNED_LABELS, SERVER_LABEL } from '../../../exporter/src/contract/labels';
import { METRIC_FAMILIES, type MetricContract } from '../../../exporter/src/contract/metrics';
import { GENERATED_NOTICE } from './yaml';

export const METRICS_DOC_FILE = 'docs/metrics.md';

const code = (text: string) => `\`${text}\``;

function table(family: Readonly<Record<string, MetricContract>>): string[] {
  const rows = Object.values(family).map((metric) => {
    const type = metric.stateSet ? `${metric.type} (state set)` : metric.type;
    const meaning = (metric.doc ?? sentenceFragment(metric.help)).replace(/\|/g, '\\|');
    return `| ${code(metric.name)} | ${type} | ${metric.labels.join(', ')} | ${meaning} |`;
  });
  return ['| metric | type | labels | meaning |', '|---|---|---|---|', ...rows];
}

/** A HELP line as a table cell: lower-case start, no closing full stop. */
function sentenceFragment(help: string): string {
  return help.charAt(0).toLowerCase() + help.slice(1).replace(/\.$/, '');
}

export function metricsDoc(): string {
  const scrapeOwned = SCRAPE_OWNED_LABELS.map(code).join(', ');
  return [
    `<!-- ${GENERATED_NOTICE} (exporter/src/contract/metrics.ts) -->`,
    '# Metrics',
    '',
    `Every series carries ${code(CLUSTER_LABEL)} (the config's \`cluster\`) and ${code(NODE_LABEL)} (the config's \`node\`: the agent`,
    `that exports it). They are prefixed because scrape configurations attach ${scrapeOwned} themselves:`,
    "with the default `honor_labels: false` a clash renames the exporter's label to `exported_…` and queries silently group by the",
    `wrong thing. No netsplit label is one of those (a test checks every metric below). The database address on replication series`,
    `is ${code(SERVER_LABEL)} for the same reason. Names follow Prometheus conventions: base units, \`_total\` only on counters, state`,
    'sets as one series per state with value 0/1. A link or value that is **unknown** is absent or NaN, never 0. Counters with a',
    'fixed set of reasons start at 0 for every reason, so `increase()` sees their first event.',
    '',
    'This page is generated from the metric contract, `exporter/src/contract/metrics.ts`, which the exporter declares its metrics',
    'from and the panel and the generated rules read; a test fails when a rule or dashboard reads a metric the contract lacks.',
    '',
    '## Mesh and verdict',
    '',
    ...table(METRIC_FAMILIES.mesh),
    '',
    '### Series budget',
    '',
    'What one agent exports about its N−1 peers and Z zones, by `metrics.links` (`auto`: `all` up to 100 members, `down` above);',
    'a cluster stores N times as much. Probe families add their own series per target. The zone series do not depend on',
    'the mode: 4·Z² + Z per agent (3 zones: 39; 10 zones: 410), a ratio absent while no link between its two zones is known.',
    'The totals are `netsplit_` sample lines counted by `npm run bench -- metrics` (docs/benchmarks.md).',
    '',
    '| series per agent | `all` | `down` | `none` |',
    '|---|---|---|---|',
    '| `netsplit_link_up`, `netsplit_link_loss_ratio` | 2·(N−1) | 2 per down link | 0 |',
    '| `netsplit_link_rtt_seconds` | N−1 (peers pulled) | failed pulls only | 0 |',
    '| `netsplit_view_row_age_seconds` | N | 0 | 0 |',
    '| `netsplit_heartbeats_received_total`, `netsplit_view_pulls_total` | N−1 + (N−1)·results | 1 + results | 1 + results |',
    '| `netsplit_node_maintenance` | N | members in maintenance | members in maintenance |',
    '| `netsplit_member_info` | N | 1 (this node) | 1 (this node) |',
    '| `netsplit_zone_reachable` | Z (1 without zones) | Z | Z |',
    '| `netsplit_zone_links_up_ratio`, `netsplit_zone_links` (only with 1 to 32 zones) | Z² + 3·Z² | Z² + 3·Z² | Z² + 3·Z² |',
    '| `netsplit_links_inbound`, `netsplit_link_series_mode`, the verdict gauges and the counters by reason | about 70 | about 70 | about 70 |',
    '| **at N = 200** (healthy, no zones) | 1 674 per agent, 335 000 per cluster | 74, 14 800 | 74, 14 800 |',
    '| **at N = 1000** (healthy, no zones) | 8 074 per agent, 8 000 000 per cluster | 74, 74 000 | 74, 74 000 |',
    '| **at N = 1000 in Z = 10 zones** (healthy) | 8 483 per agent | 483, 483 000 | 483, 483 000 |',
    '',
    'In `down` mode an absent `netsplit_link_up` between two known members means up: the partition rules read',
    '`netsplit_link_up == 0`, which both modes export alike. In `none` mode the link-level alerts have nothing to read;',
    'roles, levels and the partition verdict are unaffected.',
    '',
    "Plus prom-client's default process and Node.js metrics (`process_cpu_seconds_total`,",
    '`process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`, …).',
    '',
    '## TCP checks (targets.tcp)',
    '',
    ...table(METRIC_FAMILIES.tcp),
    '',
    '## Error patterns (exporter/src/patterns/catalog.ts)',
    '',
    ...table(METRIC_FAMILIES.patterns),
    '',
    '## etcd (targets.etcd)',
    '',
    ...table(METRIC_FAMILIES.etcd),
    '',
    'Member label: the etcd member name, or the endpoint URL while no member list has named it. Member ids',
    'are 64-bit and never pass through a JS number.',
    '',
    '## Kubernetes API server (targets.kubernetes)',
    '',
    'Every agent asks the API server itself, so each side of a cut reports what its own kubelets can',
    'reach. `target` is the configured name.',
    '',
    ...table(METRIC_FAMILIES.kubernetes),
    '',
    "The agent stands in for its node's kubelet: a kubelet that cannot reach the API server stops",
    'renewing its lease, and the controller acts on the configured timeouts (see',
    '[configuration.md](configuration.md) for the defaults and where they come from). Node Ready',
    'conditions themselves come from Kubernetes, not from every agent listing nodes.',
    '',
    '## Consul (targets.consul)',
    '',
    'Every agent asks every configured Consul server agent on its own (no client-side failover).',
    "`server` is the server's HTTP address as configured (`host:port`).",
    '',
    ...table(METRIC_FAMILIES.consul),
    '',
    'Probe errors are classified into `netsplit_error_pattern_total{system="consul"}`:',
    '`consul-no-leader` ("No cluster leader": the leader-forwarded raft configuration call fails at once',
    'on a server without a leader), `consul-no-path-to-datacenter`, `consul-no-known-servers`. Consul',
    'leaders count as writers: two on nodes without two-way contact make `netsplit_split_brain`.',
    '',
    '## Envoy (targets.envoy)',
    '',
    "One series set per proxy admin API and upstream cluster; `upstream` is Envoy's cluster name",
    '(e.g. `outbound|8080||orders.default.svc.cluster.local`), never `cluster`.',
    '',
    ...table(METRIC_FAMILIES.envoy),
    '',
    "Hosts are placed on nodes by address (the peers' configured address hosts, or the target's",
    '`nodes` map); the proxy runs on the node of its admin address, or on this node when that address',
    "is no peer's (a sidecar's `127.0.0.1:15000`). `istioctl proxy-status` (xDS sync state) comes",
    "from istiod, not from Envoy's admin API: netsplit does not report it.",
    '',
    '## Routing labels (routing.nodeLabels)',
    '',
    'Declared only when the agent writes partition labels on Node objects ([applications.md](applications.md#routing-to-the-majority)).',
    '',
    ...table(METRIC_FAMILIES.routing),
    '',
    '## Replication (targets.postgres, targets.mysql, targets.redis)',
    '',
    'Every agent with replication targets probes every configured instance (one long-lived connection',
    'each) and reports every configured link; `replica` is the replica\'s `host:port` as written in its',
    `URL, ${code(SERVER_LABEL)} likewise for either end.`,
    '',
    ...table(METRIC_FAMILIES.replication),
    '',
    'Failures and the databases\' link states are classified with the pattern catalog into',
    '`netsplit_error_pattern_total{system="postgres|mysql|redis"}` (`postgres-wal-receiver-not-streaming`,',
    '`mysql-io-connecting`, `redis-master-link-down`, …), once per probe round that sees them.',
    '',
    '### Split brain: what one agent sees, and what Prometheus sees',
    '',
    'A writer is a PostgreSQL instance not in recovery, a MySQL/MariaDB instance that is not',
    'read-only and runs no replication, a Redis master (and an etcd leader). The agent places each',
    'writer it reaches on a node and sets `netsplit_split_brain` when two writers of one system and',
    'target sit on nodes without two-way contact, naming them in `netsplit_split_brain_writer` and in',
    'one `split brain` log line. Writers in contact (a failover in progress) or on one node are not a',
    'split.',
    '',
    'In a **clean cut** neither side reaches the other side\'s databases: each agent sees the writer',
    'on its own side only, so no single agent can report the split. There the Prometheus rule over',
    '`netsplit_replication_role_info{role="primary"}` from both sides (two instances of one target',
    'reporting `primary`) catches it, as long as Prometheus scrapes both sides. An agent that',
    'reaches both sides — a node in contact with both (a bridge), or a partial cut — reports the',
    'split itself, with both writers named, within one probe interval.',
    '',
  ].join('\n');
}
