/**
 * Every metric netsplit exports: name, type, labels, the HELP line and the meaning documented in
 * docs/metrics.md (generated from this module, checked in CI). The exporter declares its
 * prom-client metrics from these entries, the panel reads the names, and a provisioning test
 * proves that every generated rule and dashboard reads only metrics defined here.
 *
 * Label names never clash with what a scrape attaches (labels.ts). Conventions: base units,
 * `_total` only on counters, a state set is one series per state with value 0/1, and a value
 * that is unknown is absent or NaN, never 0.
 */
import { SERVER_LABEL } from './labels';

export type MetricType = 'gauge' | 'counter';

export interface MetricContract<L extends string = string, T extends MetricType = MetricType> {
  readonly name: string;
  readonly type: T;
  /** One series per state with value 0/1 (the label that names the state is the last one). */
  readonly stateSet?: boolean;
  readonly labels: readonly L[];
  /** The HELP line on /metrics. */
  readonly help: string;
  /** The meaning in docs/metrics.md (Markdown); the HELP line when absent. */
  readonly doc?: string;
}

type Extra = { stateSet?: boolean; doc?: string };
const gauge = <L extends string>(name: string, labels: readonly L[], help: string, extra: Extra = {}): MetricContract<L, 'gauge'> => ({ name, type: 'gauge', labels, help, ...extra });
const counter = <L extends string>(name: string, labels: readonly L[], help: string, extra: Extra = {}): MetricContract<L, 'counter'> => ({ name, type: 'counter', labels, help, ...extra });

const LINK = ['source', 'target'] as const;

/** The mesh, the verdict and the agent itself. */
export const MESH_METRICS = {
  linkUp: gauge('netsplit_link_up', LINK, '1 when heartbeats from source arrive at target (exported by the target agent; damped).', {
    doc: '1 when heartbeats from *source* arrive at *target* (exported by the target agent, so `target` = `netsplit_node`; damped by `downAfter`/`upAfter`). Absent while the state is unknown (agent warming up).',
  }),
  linkLossRatio: gauge('netsplit_link_loss_ratio', LINK, 'Share of source heartbeats lost on the way to target over the last 64 sequence numbers.', {
    doc: "share of *source*'s heartbeats lost on the way to *target* over the last 64 sequence numbers, from sequence gaps",
  }),
  linkRtt: gauge('netsplit_link_rtt_seconds', LINK, "Round trip of the source agent's last view request to the target agent; NaN when it failed.", {
    doc: 'round trip of the *source* agent\'s last probe (view request) of the *target* agent; NaN when the last probe failed',
  }),
  linksInbound: gauge('netsplit_links_inbound', ['state'], "Links into this node by damped state (up, down, unknown): the picture that stays when per-link series are not exported.", {
    doc: 'links into this node by damped state, `up down unknown` (counts, N−1 in all): present in every `metrics.links` mode, so a 1000-node cluster keeps the picture in 3 series per agent',
  }),
  linkSeriesMode: gauge('netsplit_link_series_mode', ['mode'], 'Which per-link series this agent exports (state set all, down, none): metrics.links after auto.', {
    stateSet: true,
    doc: '`all down none`: which per-link series this agent exports (`metrics.links`, `auto` resolved by member count). In `down` mode an absent `netsplit_link_up` of a known member is up; read `netsplit_links_inbound` for the counts',
  }),
  zoneReachable: gauge('netsplit_zone_reachable', ['zone'], 'Share of the zone\'s members with two-way contact to this node (1 whole, 0 cut off); zones from peers[].zone or discovery.', {
    doc: 'share of the zone\'s members with two-way contact to this node: 1 the whole zone, 0 cut off from it. Zones come from `peers[].zone` or Kubernetes discovery (`topology.kubernetes.io/zone`); without zones, one series with `zone=""`. A 1000-node split reads in Z series per agent: `min by (zone) (netsplit_zone_reachable)`',
  }),
  zoneLinksUpRatio: gauge('netsplit_zone_links_up_ratio', ['source_zone', 'target_zone'], "Share up of the known links from members of source_zone to members of target_zone in this node's view; unknown links left out.", {
    doc:
      "of the links from members of *source_zone* to members of *target_zone* whose state this node's view knows (from the target's fresh row), the share that are up: 1 all up, 0 all down (a cut between the zones, or one way). " +
      'Links whose state is unknown are left out; absent when none is known. Zones come from `peers[].zone` or Kubernetes discovery; exported only when at least one member has a zone (members without one are zone `""`) and there are at most 32 zones. Z² series per agent',
  }),
  zoneLinks: gauge('netsplit_zone_links', ['source_zone', 'target_zone', 'state'], "Links from members of source_zone to members of target_zone by state (up, down, unknown) in this node's view.", {
    doc:
      "links from members of *source_zone* to members of *target_zone* by *state* `up down unknown` as this node's view holds them (counts; the three add up to every link between the two zones, `unknown` where the target's row is not fresh here). " +
      'The counts behind `netsplit_zone_links_up_ratio`, exported with it; 3·Z² series per agent',
  }),
  linkTransitions: counter('netsplit_link_transitions_total', LINK, 'Damped up/down transitions of source->target seen by the target.'),
  linkAsymmetric: gauge('netsplit_link_asymmetric', LINK, "1 for each direction that is down while its reverse is up, in this node's view.", {
    doc: "1 for each direction that is down while its reverse is up (one-way link), as known from this node's view",
  }),
  nodeRole: gauge('netsplit_node_role', ['role'], 'Partition role of this node (state set); all 0 until the first full round.', {
    stateSet: true,
    doc: 'one of `healthy majority minority isolated` is 1 for the exporting node; all 0 until the first full round',
  }),
  reachableNodes: gauge('netsplit_node_reachable_nodes', [], 'Nodes with two-way contact to this node, itself included.'),
  clusterMembers: gauge('netsplit_cluster_members', [], 'Membership N that the quorum counts: members not in maintenance.', {
    doc: 'the membership N that the quorum counts: every member not in maintenance (vanished members included, see [membership.md](membership.md)); 0 until the first full round',
  }),
  quorumSize: gauge('netsplit_quorum_size', [], 'Quorum floor(N/2)+1.', { doc: '⌊N/2⌋+1' }),
  degradationLevel: gauge('netsplit_degradation_level', [], '0 full, 1 read-only, 2 cached responses, 3 emergency fallback.', {
    doc: '0 full service · 1 read-only · 2 cached responses · 3 emergency fallback',
  }),
  partitionDetected: gauge('netsplit_partition_detected', [], '1 when a member is unreachable from this node or any link in its view is down.'),
  partitionComponents: gauge('netsplit_partition_components', [], 'Connected components of the two-way contact graph among nodes with fresh rows.', {
    doc: 'connected components of the two-way contact graph among the nodes this node holds fresh rows for',
  }),
  nodesUnreachable: gauge('netsplit_nodes_unreachable', [], 'Configured members with no two-way contact to this node.'),
  viewFreshNodes: gauge('netsplit_view_fresh_nodes', [], 'Members whose row this node holds fresh, directly or relayed.'),
  rowAge: gauge('netsplit_view_row_age_seconds', ['origin'], 'Age of the freshest row held from origin.', { doc: 'age of the freshest row held from *origin*' }),
  bridgeNode: gauge('netsplit_bridge_node', ['bridge'], "1 for each node that is the only two-way path between groups in this node's view."),
  majoritiesRing: gauge('netsplit_majorities_ring', [], '1 when every fresh node reaches a majority but no majority clique exists.', {
    doc: '1 when every fresh node reaches a majority but no majority clique exists (leader churn likely)',
  }),
  noQuorum: gauge('netsplit_no_quorum', [], '1 when no node in the view holds a majority and the rest are too few to hold one.', {
    doc: '1 when no node in the view holds a majority and the nodes outside it are too few to hold one',
  }),
  splitBrain: gauge('netsplit_split_brain', [], '1 when writers (leaders, primaries) of one system and target that this agent reaches sit on nodes without two-way contact.', {
    doc: "1 when writers (etcd leaders, database primaries) of one system and target that this agent's probes reach sit on nodes without two-way contact; 0 otherwise (see [Split brain](#split-brain-what-one-agent-sees-and-what-prometheus-sees))",
  }),
  splitBrainWriter: gauge('netsplit_split_brain_writer', ['system', 'target', SERVER_LABEL, 'writer_node'], '1 for each writer of a split brain this agent sees, naming it and the node it runs on.', {
    doc: '1 for each writer of a split brain this agent sees: the server and the node it runs on; absent otherwise',
  }),
  nodeMaintenance: gauge('netsplit_node_maintenance', ['member'], '1 for each member in maintenance (listed under maintenance, or cordoned), 0 for the other members.', {
    doc: "1 for each member in maintenance — listed under `maintenance:` in the agent's config, or cordoned (`spec.unschedulable`, Kubernetes discovery) — 0 for the other members; a member in maintenance is left out of the quorum size N and the generated rules raise nothing about it",
  }),
  members: gauge('netsplit_members', ['state'], 'Members of the membership by state: active, joining, maintenance, vanished.', {
    doc:
      'members by state ([membership.md](membership.md)): `active` (counted in N), `joining` (heard, not in N until in two-way contact), `maintenance` (a member left out of N), ' +
      '`vanished` (gone from discovery while unreachable: still counted in N until it leaves, is removed or `membership.removeAfter` passes)',
  }),
  memberInfo: gauge('netsplit_member_info', ['member', 'address', 'zone'], 'Always 1, for each member: its address and zone (empty when unknown).', {
    doc: 'always 1, one series per member: its address (the host heartbeats go to) and zone (`peers[].zone`, else `topology.kubernetes.io/zone` from Kubernetes discovery; empty when unknown)',
  }),
  membershipChanges: counter('netsplit_membership_changes_total', ['change'], 'Membership changes, by kind.', {
    doc: 'membership changes ([membership.md](membership.md)): `joined left removed vanished returned moved maintenance maintenance_over`; each is also one log line',
  }),
  discoveryUnknownAddresses: gauge('netsplit_discovery_unknown_addresses', [], 'Discovered addresses no valid heartbeat came from yet (no member).', {
    doc: 'addresses the discovery source lists that no valid heartbeat came from yet: no agent runs there, or it has another secret or cluster name; never counted as members',
  }),
  discoveryRefreshes: counter('netsplit_discovery_refreshes_total', ['source', 'result'], 'Discovery refreshes, by source (dns, kubernetes) and result (ok, error).', {
    doc: 'discovery refreshes by *source* (`dns kubernetes`) and *result* (`ok error`); Kubernetes counts a list or a watch event as a refresh. After an `error` the last good answer is kept',
  }),
  ready: gauge('netsplit_ready', [], '1 after the first full round (same as /readyz).', { doc: "1 after the agent's first full round (same as `/readyz`)" }),
  roleTransitions: counter('netsplit_role_transitions_total', [], 'Role changes of this node.'),
  heartbeatsSent: counter('netsplit_heartbeats_sent_total', [], 'Heartbeat datagrams sent.'),
  heartbeatsReceived: counter('netsplit_heartbeats_received_total', ['source'], 'Heartbeats accepted, by sender.', { doc: 'heartbeats accepted from *source*' }),
  heartbeatRejected: counter('netsplit_heartbeat_rejected_total', ['reason'], 'Heartbeat datagrams dropped, by reason.', {
    doc:
      'datagrams dropped: `oversized malformed unsigned bad_signature wrong_cluster unknown_sender stale replayed`, ' +
      '`unsupported_version` (another netsplit wire version: mixed versions do not talk), and ([security.md](security.md)) ' +
      '`wrong_recipient` (signed for another peer: relayed), `wrong_address` (not from the sender\'s configured address), ' +
      "`before_restart` (sent to this agent's former process), `future_epoch` (a boot epoch later than its send time), " +
      '`stale_departure` (a departure from an earlier boot of its sender). `unknown_sender` also counts the first heartbeat of a discovered agent, before it joins',
  }),
  viewPulls: counter('netsplit_view_pulls_total', ['peer', 'result'], 'View requests to peers, by result.', { doc: 'view requests to peers: `ok timeout refused error rejected`' }),
  viewBytes: counter('netsplit_view_bytes_total', [], 'Bytes of view responses pulled from peers.', {
    doc: 'bytes of view responses this agent pulled from peers (bodies, after authentication): deltas keep it near the changes plus one refresh per row and `views.maxAge` / 3 ([api.md](api.md#delta-views))',
  }),
  rowPushesSent: counter('netsplit_row_pushes_sent_total', [], "Datagrams carrying this agent's row to peers when a link into it came up.", {
    doc: "datagrams that carried this agent's own row to its peers the moment a link into it came up, ahead of their next pull",
  }),
  rowPushesReceived: counter('netsplit_row_pushes_received_total', ['result'], 'Pushed rows received from peers, by result.', {
    doc: 'pushed rows received: `taken` (newer than held), `old` (already held or older), `membership` (the sender holds another member list: left to pulls), `rejected` (a row check failed; the reason is in `netsplit_view_rows_rejected_total`)',
  }),
  viewRejected: counter('netsplit_view_rejected_total', ['reason'], 'Peer views or view requests refused, by reason.', {
    doc:
      'peer views or view requests refused: `oversized malformed wrong_cluster` (pulled views), `unauthenticated bad_signature stale replayed` ' +
      '(requests to this agent; `replayed`: an Authorization header used twice), `unsigned_response bad_response_signature` ' +
      '(a pulled view not signed by that peer for this request: a fake server or a replay)',
  }),
  viewRowsRejected: counter('netsplit_view_rows_rejected_total', ['reason'], 'Rows of pulled views not taken: unsigned, bad signature, other membership, epoch or seq from the future.', {
    doc:
      'rows of pulled views not taken: `unsigned bad_signature` (per-node keys on: not signed by their origin), `membership` ' +
      '(the view lists other members, so signed states cannot be read), `future_epoch future_seq` (an (epoch, seq) the origin cannot have used yet)',
  }),
  httpConnections: gauge('netsplit_http_connections', [], "Open connections to this agent's HTTP server.", {
    doc: "open connections to this agent's HTTP server (`/metrics`, `/api/v1/view`), at most `http.maxConnections`",
  }),
  httpConnectionsShed: counter('netsplit_http_connections_shed_total', ['reason'], 'Connections closed by the connection cap (http.maxConnections, http.requestTimeout), by reason.', {
    doc:
      'connections closed by the connection limits ([configuration.md § HTTP limits](configuration.md#http-limits)): `idle_evicted` (the connection idle longest, ' +
      'closed at the cap to admit a new one), `refused` (a new connection at the cap while every open one is busy), `no_request` (no request within ' +
      '`http.requestTimeout`). A rising `idle_evicted` or `refused` is a connection flood or a cap too low for the cluster',
  }),
  buildInfo: gauge('netsplit_build_info', ['version'], 'Always 1; the version label tells the build.', { doc: 'always 1' }),
} as const;

/** targets.tcp */
export const TCP_METRICS = {
  success: gauge('netsplit_tcp_probe_success', ['target'], '1 when the last TCP connect to the target succeeded within its deadline.'),
  duration: gauge('netsplit_tcp_probe_duration_seconds', ['target'], 'Duration of the last TCP connect attempt.'),
  result: gauge('netsplit_tcp_probe_result', ['target', 'result'], 'Outcome of the last TCP connect attempt (state set).', {
    stateSet: true,
    doc: '`ok refused timeout unreachable error`: why the last attempt failed',
  }),
} as const;

/** The error-message catalog (exporter/src/patterns/catalog.ts), shared by probes and log followers. */
export const PATTERN_METRICS = {
  errorPatterns: counter('netsplit_error_pattern_total', ['pattern', 'system', 'target'], 'Probe errors that matched a catalog pattern.', {
    doc: 'probe errors classified by the catalog (`etcd-no-leader`, `mysql-io-connecting`, …)',
  }),
  logPatterns: counter('netsplit_log_pattern_matches_total', ['pattern', 'system', 'file'], 'Log lines that matched a catalog pattern.', {
    doc: 'catalog matches in followed log files (`logs:` section)',
  }),
} as const;

const MEMBER = ['target', 'member'] as const;

/** targets.etcd */
export const ETCD_METRICS = {
  memberUp: gauge('netsplit_etcd_member_up', MEMBER, '1 when the member answered Maintenance Status within the probe deadline.', {
    doc: '1 when the member answered its status call within the deadline',
  }),
  memberHasLeader: gauge('netsplit_etcd_member_has_leader', MEMBER, '1 when the member reports a leader (absent while it does not answer).', {
    doc: '1 when the member reports a leader (as that member says it); absent while the member does not answer',
  }),
  memberIsLeader: gauge('netsplit_etcd_member_is_leader', MEMBER, '1 when the member reports itself as leader (absent while it does not answer).', {
    doc: '1 when the member is the leader; absent while the member does not answer',
  }),
  leaderInfo: gauge('netsplit_etcd_leader_info', [...MEMBER, 'leader_id'], 'Always 1; leader_id is the leader the member names (hex, as etcdctl prints it).', {
    doc: 'always 1; the leader id each member reports, in hex as `etcdctl` prints it (`8e9e05c52164694d`); `""` for none',
  }),
  raftIndex: gauge('netsplit_etcd_member_raft_index', MEMBER, 'Committed raft index the member reports.'),
  raftAppliedIndex: gauge('netsplit_etcd_member_raft_applied_index', MEMBER, 'Applied raft index the member reports.'),
  linearizable: gauge('netsplit_etcd_member_linearizable_read_ok', MEMBER, '1 when a linearizable read with hasleader metadata succeeded on the member within the deadline.', {
    doc: '1 when a linearizable read with `hasleader` metadata succeeded within the deadline (fails in milliseconds on a leaderless member)',
  }),
  probeDuration: gauge('netsplit_etcd_probe_duration_seconds', MEMBER, 'Duration of the last probe round of the member (status, member list, linearizable read in parallel).', {
    doc: "duration of the member's last probe (status, member list and the read, in parallel; never above `probes.timeout`)",
  }),
  quorum: gauge('netsplit_etcd_quorum', ['target'], "1 when a leader is backed by a quorum of members reachable from this node and this node's side of the mesh holds a quorum of members.", {
    doc:
      "1 when a leader backed by a quorum of voting members is reachable from this node **and** this node's component of the mesh holds a quorum of the members " +
      '(filled at scrape from the latest verdict, so it drops when the mesh sees the cut)',
  }),
  distinctLeaders: gauge('netsplit_etcd_distinct_leaders', ['target'], 'Distinct leader ids named by the members this node reaches (2+ = a stale leader or a split).', {
    doc: 'distinct leader ids reported across reachable members (2 = a stale leader is still visible)',
  }),
} as const;

const REPLICA = ['system', 'target', 'replica'] as const;
const INSTANCE = ['system', 'target', SERVER_LABEL] as const;

/** targets.postgres, targets.mysql, targets.redis */
export const REPLICATION_METRICS = {
  up: gauge('netsplit_replication_up', REPLICA, '1 when the replica receives from its configured primary and the primary serves it, and the mesh shows no cut between their nodes.', {
    doc:
      '1 when the replica receives from its configured primary (PostgreSQL WAL receiver `streaming`, Redis `master_link_status:up`, MySQL/MariaDB IO thread `Yes` ' +
      'and SQL thread running), the primary serves it (a `pg_stat_replication` row in state `streaming`, an `online` Redis replica, a Binlog Dump thread from its ' +
      'address) and the mesh shows two-way contact between their nodes. A configured replica the primary does not list is down. Recomputed at every scrape from ' +
      'the latest verdict: a cut shows as soon as the mesh knows it',
  }),
  lagSeconds: gauge('netsplit_replication_lag_seconds', REPLICA, 'Replication delay in seconds as the databases report it; NaN when unknown (link down, value NULL).', {
    doc:
      "PostgreSQL: 0 while streaming and caught up, else the age of the last replayed transaction; MySQL/MariaDB: `Seconds_Behind_Master`; Redis: seconds since the replica's " +
      'last ack as the primary lists it. **NaN** while the link is down or the value is NULL — never 0 for "unknown"',
  }),
  lagBytes: gauge('netsplit_replication_lag_bytes', REPLICA, 'Bytes the replica has not applied yet (WAL, replication offset, relay log); NaN when unknown.', {
    doc:
      "PostgreSQL: WAL bytes not replayed (from the primary's current position when it answers, else from the last position the primary announced); Redis: primary " +
      'offset − replica offset; MySQL/MariaDB: relay bytes read but not executed (same binlog file only). NaN when unknown',
  }),
  ioState: gauge('netsplit_replication_io_state', [...REPLICA, 'state'], 'MySQL/MariaDB IO thread state (state set yes, no, connecting).', {
    stateSet: true,
    doc: 'MySQL/MariaDB only: `yes no connecting` from `Slave_IO_Running` / `Replica_IO_Running`. A cut reads `connecting` (errno 2003/2013), a stopped IO thread `no`',
  }),
  sqlRunning: gauge('netsplit_replication_sql_running', REPLICA, 'MySQL/MariaDB SQL thread running (1) or stopped (0).', {
    doc: 'MySQL/MariaDB only: 1 when the SQL thread applies what it receives',
  }),
  lastMessageAge: gauge(
    'netsplit_replication_last_message_age_seconds',
    REPLICA,
    'Seconds since the replica last heard from its primary while it believes the link works (PostgreSQL WAL receiver, Redis); NaN when unknown or down.',
    {
      doc:
        'seconds since the replica last heard from its primary while it believes the link works (PostgreSQL `pg_stat_wal_receiver.last_msg_receipt_time`, Redis ' +
        "`master_last_io_seconds_ago`): it grows during a cut the database has not noticed yet. NaN when unknown or down (Redis's -1 is never shown)",
    },
  ),
  linkDownSeconds: gauge('netsplit_replication_link_down_seconds', REPLICA, "How long the link has been down (0 while up): the database's own count where it keeps one, else since this agent first saw it down.", {
    doc: "how long the link has been down (0 while up): Redis's own `master_link_down_since_seconds` when the replica answers, else since this agent first saw it down",
  }),
  downReason: gauge('netsplit_replication_down_reason', [...REPLICA, 'reason'], 'Why the link is down (state set network_cut, database); all 0 while up.', {
    stateSet: true,
    doc:
      "while down, `network_cut` (the mesh shows no two-way contact between the primary's and the replica's nodes, or between this agent and both) or `database` " +
      '(the databases say so: primary stopped, replica repointed, IO/SQL thread stopped, wrong credentials); all 0 while up',
  }),
  roleInfo: gauge('netsplit_replication_role_info', [...INSTANCE, 'role'], 'Always 1: the role each reachable instance reports now (primary, replica); absent while it does not answer.', {
    doc:
      'always 1; the role each instance reports now (`primary`: PostgreSQL not in recovery, MySQL/MariaDB without replication, Redis master; `replica` otherwise). ' +
      'Absent while the instance does not answer this agent',
  }),
  instanceUp: gauge('netsplit_replication_instance_up', INSTANCE, '1 when the last probe of the instance answered as the expected database within its deadline.', {
    doc: "1 when the instance's last probe answered as the expected database within `probes.timeout`",
  }),
  probeDuration: gauge('netsplit_replication_probe_duration_seconds', INSTANCE, 'Duration of the last probe of the instance (connect included when it had to connect).', {
    doc: "duration of the instance's last probe (connect included when it had to connect)",
  }),
  probeFailures: counter('netsplit_replication_probe_failures_total', [...INSTANCE, 'kind'], 'Probes of the instance that failed, by kind: timeout, refused, unreachable, auth, wrong_server, tls, error.', {
    doc:
      'failed probes: `timeout` (no answer in time: blackholed host, stopped server), `refused`, `unreachable` (no route, name does not resolve), `auth` ' +
      "(credentials refused), `wrong_server` (another protocol answers on the port), `tls` (certificate not signed by the target's `tls.caFile`, name mismatch, " +
      'client certificate refused), `error`',
  }),
} as const;

const API_TARGET = ['target'] as const;

/** targets.kubernetes: the API server as each node sees it. */
export const KUBERNETES_METRICS = {
  reachable: gauge('netsplit_kubernetes_apiserver_reachable', API_TARGET, '1 when the API server answered /readyz from this node within the deadline (any HTTP status), 0 when it did not.'),
  ready: gauge('netsplit_kubernetes_apiserver_ready', API_TARGET, '1 when /readyz?verbose answered 200, 0 when it listed failing checks (absent while unreachable).'),
  live: gauge('netsplit_kubernetes_apiserver_live', API_TARGET, '1 when /livez answered 200, 0 otherwise (absent while unreachable).'),
  checkOk: gauge('netsplit_kubernetes_readyz_check_ok', ['target', 'check'], '1 per readiness check /readyz?verbose lists as ok, 0 per failing one (etcd among them); absent while unreachable.'),
  unreachableSeconds: gauge('netsplit_kubernetes_apiserver_unreachable_seconds', API_TARGET, 'Seconds since this node last reached the API server (0 while it does): what its kubelet is likely missing too.'),
  notReadyInSeconds: gauge('netsplit_kubernetes_node_not_ready_in_seconds', API_TARGET, 'While the API server is unreachable: seconds until the node lifecycle controller marks nodes on this side NotReady (nodeMonitorGracePeriod minus time unreachable, at least 0).'),
  evictionInSeconds: gauge('netsplit_kubernetes_pod_eviction_in_seconds', API_TARGET, 'While the API server is unreachable: seconds until pods on this side are evicted (nodeMonitorGracePeriod + podEvictionTimeout minus time unreachable, at least 0).'),
  gracePeriodSeconds: gauge('netsplit_kubernetes_node_monitor_grace_period_seconds', API_TARGET, 'The configured nodeMonitorGracePeriod (kube-controller-manager --node-monitor-grace-period).'),
  evictionTimeoutSeconds: gauge('netsplit_kubernetes_pod_eviction_timeout_seconds', API_TARGET, 'The configured podEvictionTimeout (unreachable toleration: --default-unreachable-toleration-seconds).'),
  probeDuration: gauge('netsplit_kubernetes_probe_duration_seconds', API_TARGET, 'Duration of the last probe of the API server (/readyz?verbose and /livez in parallel).'),
} as const;

const CONSUL_SERVER = ['target', 'server'] as const;

/** targets.consul: each configured server agent; `server` is its HTTP address as configured. */
export const CONSUL_METRICS = {
  serverUp: gauge('netsplit_consul_server_up', CONSUL_SERVER, '1 when the server agent answered /v1/status/leader within the probe deadline.'),
  serverHasLeader: gauge('netsplit_consul_server_has_leader', CONSUL_SERVER, '1 when the server names a raft leader (absent while it does not answer).'),
  serverIsLeader: gauge('netsplit_consul_server_is_leader', CONSUL_SERVER, '1 when the leader the server names is the server itself (absent while it does not answer).'),
  raftVoters: gauge('netsplit_consul_raft_voters', ['target'], 'Voters in the raft configuration the servers this node reaches report (the largest one seen).'),
  serfMembers: gauge('netsplit_consul_serf_members', [...CONSUL_SERVER, 'status'], 'LAN members the server lists per serf status (alive, leaving, left, failed, none).', {
    doc: 'LAN members the server lists per serf status: `alive leaving left failed none`',
  }),
  quorum: gauge('netsplit_consul_quorum', ['target'], "1 when a leader is named by a quorum of the voters this node reaches and this node's side of the mesh holds a quorum of the voters.", {
    doc: "1 when a leader is named by a quorum of the voters this node reaches **and** this node's side of the mesh holds a quorum of the voters (filled at scrape from the latest verdict)",
  }),
  distinctLeaders: gauge('netsplit_consul_distinct_leaders', ['target'], 'Distinct leaders named by the servers this node reaches (2+ = a stale leader or a split).'),
  probeDuration: gauge('netsplit_consul_probe_duration_seconds', CONSUL_SERVER, 'Duration of the last probe of the server (leader, peers, raft configuration, members in parallel).'),
} as const;

const UPSTREAM = ['target', 'upstream'] as const;

/** targets.envoy: each proxy's admin API; `upstream` is the Envoy cluster name (`cluster` belongs to scrape configs). */
export const ENVOY_METRICS = {
  adminUp: gauge('netsplit_envoy_admin_up', ['target'], "1 when the proxy's admin API answered /clusters and /stats within the probe deadline."),
  breakerOpen: gauge('netsplit_envoy_circuit_breaker_open', [...UPSTREAM, 'breaker'], "1 while the upstream's circuit breaker (cx, rq, rq_pending, rq_retry, cx_pool; default priority) is open."),
  hosts: gauge('netsplit_envoy_upstream_hosts', [...UPSTREAM, 'state'], 'Upstream hosts per state: healthy, ejected (outlier detection), unhealthy (failed health check or EDS status).', {
    doc: 'upstream hosts per state: `healthy ejected unhealthy` (outlier detection ejects; a failed health check or EDS status makes unhealthy)',
  }),
  hostsAcrossCut: gauge('netsplit_envoy_upstream_hosts_across_cut', UPSTREAM, 'Upstream hosts placed on nodes this node has no two-way contact with (the mesh verdict).'),
  connectFailures: gauge('netsplit_envoy_upstream_cx_connect_fail', UPSTREAM, "Envoy's upstream_cx_connect_fail counter of the upstream, as the proxy reports it."),
  pendingOverflow: gauge('netsplit_envoy_upstream_rq_pending_overflow', UPSTREAM, "Envoy's upstream_rq_pending_overflow counter of the upstream, as the proxy reports it."),
  ejectionsActive: gauge('netsplit_envoy_outlier_ejections_active', UPSTREAM, 'Hosts outlier detection holds ejected now (outlier_detection.ejections_active).'),
  faultReason: gauge(
    'netsplit_envoy_upstream_fault_reason',
    [...UPSTREAM, 'reason'],
    'For an upstream with an open breaker or unhealthy/ejected hosts: 1 on the reason (network_cut: its failing hosts sit across the cut; service_fault: they are reachable; mixed; unknown: not placed), 0 on the others.',
    {
      stateSet: true,
      doc: 'for an upstream with an open breaker or unhealthy/ejected hosts, 1 on the reason: `network_cut` (its failing hosts sit across the cut), `service_fault` (they are reachable: a real service fault), `mixed`, `unknown` (not placed on nodes); absent while the upstream is fine',
    },
  ),
  probeDuration: gauge('netsplit_envoy_probe_duration_seconds', ['target'], "Duration of the last probe of the proxy's admin API."),
} as const;

/** routing.nodeLabels: the opt-in partition labels on Node objects. */
export const ROUTING_METRICS = {
  labelWriter: gauge('netsplit_routing_label_writer', [], '1 while this agent is the one that writes the partition labels (the first node of the side with quorum).'),
  labelWrites: counter('netsplit_routing_label_writes_total', ['result'], 'Node label writes (one merge patch per node whose label changed), by result: ok, error.', {
    doc: 'Node label writes (one merge patch per node whose label changed): `ok error`',
  }),
} as const;

/** Every family, in the order docs/metrics.md lists them. */
export const METRIC_FAMILIES = {
  mesh: MESH_METRICS,
  tcp: TCP_METRICS,
  patterns: PATTERN_METRICS,
  etcd: ETCD_METRICS,
  replication: REPLICATION_METRICS,
  kubernetes: KUBERNETES_METRICS,
  consul: CONSUL_METRICS,
  envoy: ENVOY_METRICS,
  routing: ROUTING_METRICS,
} as const;

/** Every metric netsplit defines (prom-client's default process metrics aside). */
export function allMetrics(): MetricContract[] {
  return Object.values(METRIC_FAMILIES).flatMap((family) => Object.values(family) as MetricContract[]);
}
