/**
 * The single catalog of the runbook's error-message patterns (runbook § "Error Message
 * Patterns", plus the partition signatures measured in docs/architecture.md). Probes classify their errors
 * with it (classify.ts) into netsplit_error_pattern_total{pattern,system,target}; log followers
 * count matches into netsplit_log_pattern_matches_total{pattern,system,file}; the alert rules,
 * Grafana rules and docs/runbook pages are generated from it (provisioning/src).
 *
 * What probes pass to classify(): the error's message as the client library gives it (grpc-js:
 * "14 UNAVAILABLE: etcdserver: no leader"); for states that are not errors, the status line in
 * the server's own words — MySQL/MariaDB `Slave_IO_Running: Connecting` (or `Replica_...`) and
 * Last_IO_Error, Redis `master_link_status:down`, PostgreSQL `WAL receiver not streaming
 * (status: <pg_stat_wal_receiver.status or "no row">)`. Log followers pass each line.
 *
 * Order matters: classify() returns the first pattern of the system that matches, so the more
 * specific pattern comes first where two could match one message (Envoy's "reset reason:
 * overflow" is both an upstream reset and a circuit breaker; the breaker explains it better).
 */
import type { ErrorPattern } from './types';

export type { ErrorPattern, PatternSystem, PatternSeverity } from './types';
export { PATTERN_SYSTEMS } from './types';

const ETCD_STATUS = 'etcdctl --endpoints=$ENDPOINTS endpoint status --write-out=table';

export const ERROR_PATTERNS: readonly ErrorPattern[] = [
  // ── etcd ────────────────────────────────────────────────────────────────────────────────
  {
    id: 'etcd-no-leader',
    system: 'etcd',
    regex: /etcdserver: no leader/i,
    severity: 'critical',
    title: 'etcdserver: no leader',
    where: [
      'etcd Maintenance Status errors of a member (etcdctl endpoint status)',
      'gRPC errors of clients that require a leader (14 UNAVAILABLE)',
      'Kubernetes control plane logs (kube-apiserver)',
    ],
    meaning:
      'The member cannot see a leader: it sits on a side of a cut without a quorum of members, or an election is under way. ' +
      'It answers serializable reads and member list but cannot commit writes.',
    action:
      'Check network connectivity between the etcd members and verify which side holds quorum; send writes to the majority side. ' +
      'Do not remove members while the cut lasts.',
    command: ETCD_STATUS,
    examples: ['14 UNAVAILABLE: etcdserver: no leader', 'etcdserver: no leader'],
  },
  {
    id: 'etcd-request-timed-out',
    system: 'etcd',
    regex: /etcdserver: request timed out/i,
    severity: 'critical',
    title: 'etcdserver: request timed out',
    where: ['gRPC errors of writes (Put, Txn, lease grants)', 'kube-apiserver logs'],
    meaning:
      'A write was proposed but not committed in time: in the first second after a cut the minority side still tries, ' +
      'then the member loses its leader. Outside a partition it also means a slow disk or an overloaded leader.',
    action: 'Check network connectivity and quorum first; if every member has a leader, check the leader\'s disk (wal fsync) latency.',
    command: ETCD_STATUS,
    examples: ['14 UNAVAILABLE: etcdserver: request timed out', 'etcdserver: request timed out'],
  },
  {
    id: 'etcd-deadline-exceeded',
    system: 'etcd',
    regex: /context deadline exceeded|DEADLINE_EXCEEDED: Deadline exceeded/i,
    severity: 'critical',
    title: 'context deadline exceeded (on a write)',
    where: ['gRPC errors of writes and linearizable reads', 'etcdctl output', 'kube-apiserver logs'],
    meaning:
      'The request ran out of its deadline: on a minority member writes hang until the caller gives up; against a blackholed ' +
      'endpoint the connection never answers. Either way this endpoint cannot take writes now.',
    action: 'Check network connectivity to the endpoint and which side holds quorum; point clients at the majority side.',
    command: 'etcdctl --endpoints=$ENDPOINTS endpoint health --command-timeout=2s',
    examples: [
      '4 DEADLINE_EXCEEDED: context deadline exceeded',
      '4 DEADLINE_EXCEEDED: Deadline exceeded after 1.001s,LB pick: 0.000s,remote_addr=10.200.0.4:2379',
      '{"level":"warn","msg":"retrying of unary invoker failed","target":"endpoint://client-1/10.200.0.4:2379","error":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}',
    ],
  },
  {
    id: 'etcd-peer-stream-lost',
    system: 'etcd',
    // 3.4+: "lost TCP streaming connection with remote peer"; 3.3: "lost the TCP streaming connection with peer".
    regex: /lost (?:the )?TCP streaming connection with (?:remote )?peer/i,
    severity: 'warning',
    title: 'lost (the) TCP streaming connection with (remote) peer',
    where: ['etcd logs (rafthttp), one line per stream type and peer', 'etcd_network_disconnected_peers_total'],
    meaning:
      'The raft stream between two members broke: the first sign of a cut between them, seconds before the minority loses its leader.',
    action: 'Check network connectivity between the two members named in the line (local-member-id, remote-peer-id); verify quorum.',
    command: ETCD_STATUS,
    examples: [
      '{"level":"warn","ts":"2026-11-26T08:01:02.345Z","caller":"rafthttp/stream.go:421","msg":"lost TCP streaming connection with remote peer","stream-reader-type":"stream MsgApp v2","local-member-id":"8e9e05c52164694d","remote-peer-id":"91bc3c398fb3c146","error":"read tcp 10.200.0.1:54321->10.200.0.2:2380: i/o timeout"}',
      '2026-11-26 08:01:02.345678 W | rafthttp: lost the TCP streaming connection with peer 91bc3c398fb3c146 (stream MsgApp v2 reader)',
    ],
  },

  // ── MySQL / MariaDB ─────────────────────────────────────────────────────────────────────
  {
    id: 'mysql-io-stopped',
    system: 'mysql',
    regex: /\b(?:Slave|Replica)_IO_Running:\s*No\b/i,
    severity: 'critical',
    title: 'Slave_IO_Running: No',
    where: ['SHOW REPLICA STATUS (MariaDB keeps the Slave_* column names; MySQL 8.0.22+ says Replica_IO_Running)', 'MySQL error log'],
    meaning:
      'The replica\'s IO thread is stopped: STOP SLAVE, or a fatal error (wrong credentials, a purged binlog). A cut network ' +
      'reads Connecting, not No, so this one does not heal when the network does.',
    action: 'Check network, read Last_IO_Error, and consider promoting the replica if the primary is gone for good.',
    command: 'mysql -e "SHOW REPLICA STATUS\\G" | grep -E "Running|Last_IO_Err"',
    examples: ['Slave_IO_Running: No', '           Replica_IO_Running: No'],
  },
  {
    id: 'mysql-sql-stopped',
    system: 'mysql',
    regex: /\b(?:Slave|Replica)_SQL_Running:\s*No\b/i,
    severity: 'critical',
    title: 'Slave_SQL_Running: No',
    where: ['SHOW REPLICA STATUS', 'MySQL error log'],
    meaning:
      'The replica\'s SQL thread stopped applying: a conflicting row or a manual stop. Not a network signature: the partition does not explain it.',
    action: 'Read Last_SQL_Error and fix the conflict before restarting the SQL thread; do not promote a replica that stopped applying.',
    command: 'mysql -e "SHOW REPLICA STATUS\\G" | grep -E "Running|Last_SQL_Err"',
    examples: ['Slave_SQL_Running: No', 'Replica_SQL_Running: No'],
  },
  {
    id: 'mysql-io-connecting',
    system: 'mysql',
    // The partition signature (docs/architecture.md): Connecting with Last_IO_Errno 2003 (cannot connect) or
    // 2013 (lost connection); the texts are MariaDB's and MySQL's for those two errnos.
    regex:
      /\b(?:Slave|Replica)_IO_Running:\s*Connecting\b|\berror (?:re)?connecting to (?:master|source)\b|\bCan't connect to (?:MySQL )?server on\b|\bLost connection to (?:MySQL )?server\b/i,
    severity: 'warning',
    title: 'Slave_IO_Running: Connecting (Last_IO_Errno 2003 / 2013)',
    where: ['SHOW REPLICA STATUS (Slave_IO_Running, Last_IO_Errno, Last_IO_Error)', 'MySQL / MariaDB error log'],
    meaning:
      'The replica cannot reach its primary and keeps retrying: the partition signature. Seconds_Behind_Master is NULL meanwhile ' +
      '(unknown, not zero) and the primary may still list the replica as connected for minutes.',
    action: 'Check network connectivity between replica and primary; it resumes by itself when the network heals. Consider promoting only if the primary side is lost.',
    command: 'mysql -e "SHOW REPLICA STATUS\\G" | grep -E "Running|Last_IO_Err"',
    examples: [
      'Slave_IO_Running: Connecting',
      "error connecting to master 'repl@10.200.0.1:3306' - retry-time: 60  maximum-retries: 86400  message: Can't connect to server on '10.200.0.1' (115)",
      "error reconnecting to master 'repl@10.200.0.1:3306' - retry-time: 60  maximum-retries: 86400  message: Lost connection to server at 'handshake: reading initial communication packet', system error: 110",
      "error connecting to source 'repl@10.0.0.1:3306' - retry-time: 60 retries: 1 message: Can't connect to MySQL server on '10.0.0.1:3306' (110)",
    ],
  },

  // ── PostgreSQL ──────────────────────────────────────────────────────────────────────────
  {
    id: 'postgres-primary-unreachable',
    system: 'postgres',
    regex: /could not connect to the primary server/i,
    severity: 'warning',
    title: 'could not connect to the primary server',
    where: ['replica\'s PostgreSQL log (walreceiver, FATAL)', 'pg_stat_wal_receiver has no row'],
    meaning: 'The replica\'s WAL receiver cannot open a connection to the primary: the primary is down or on the other side of a cut.',
    action: 'Check network connectivity from the replica to the primary; promote (pg_promote) only when the primary side is lost and fenced.',
    command: 'psql -c "SELECT status, sender_host, last_msg_receipt_time FROM pg_stat_wal_receiver;"',
    examples: [
      'FATAL:  could not connect to the primary server: connection to server at "10.200.0.1", port 5432 failed: Connection timed out',
      '2026-11-26 08:01:02.345 UTC [4242] FATAL:  could not connect to the primary server: connection to server at "10.200.0.1", port 5432 failed: No route to host',
    ],
  },
  {
    id: 'postgres-wal-receiver-not-streaming',
    system: 'postgres',
    regex: /WAL receiver (?:is )?not streaming|could not receive data from WAL stream|terminating walreceiver due to timeout/i,
    severity: 'warning',
    title: 'WAL receiver not streaming',
    where: [
      'pg_stat_wal_receiver (status other than streaming, or no row)',
      'primary\'s pg_stat_replication (the replica\'s row disappears)',
      'replica\'s PostgreSQL log',
    ],
    meaning:
      'The replica stopped receiving WAL. Replay lag reads 0 when nothing arrives, so lag alone never shows this.',
    action: 'Check network connectivity between replica and primary and the primary\'s pg_stat_replication; consider promotion only if the primary side is lost.',
    command: 'psql -c "SELECT client_addr, state, sync_state FROM pg_stat_replication;"',
    examples: [
      'FATAL:  could not receive data from WAL stream: server closed the connection unexpectedly',
      'FATAL:  terminating walreceiver due to timeout',
      'WAL receiver not streaming (status: waiting)',
    ],
  },

  // ── Redis ───────────────────────────────────────────────────────────────────────────────
  {
    id: 'redis-masterdown',
    system: 'redis',
    regex: /\bMASTERDOWN\b/,
    severity: 'critical',
    title: 'MASTERDOWN Link with MASTER is down',
    where: ['client errors from a replica with replica-serve-stale-data no'],
    meaning: 'The replica refuses reads because its link to the master is down: clients of this replica get errors now.',
    action: 'Check network connectivity to the master; send reads to the master\'s side, or allow stale reads while the cut lasts.',
    command: 'redis-cli -h $REPLICA INFO replication | grep -E "role|master_link"',
    examples: ["MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."],
  },
  {
    id: 'redis-master-link-down',
    system: 'redis',
    regex: /master_link_status:\s*down|MASTER timeout: no data nor PING received|Error condition on socket for SYNC/i,
    severity: 'warning',
    title: 'master_link_status:down',
    where: ['INFO replication on the replica', 'replica\'s Redis log'],
    meaning:
      'The replica lost its master. master_last_io_seconds_ago reads -1 meanwhile: never compare it with a threshold; ' +
      'master_link_down_since_seconds tells how long.',
    action: 'Check network connectivity to the master; do not run REPLICAOF NO ONE on the minority side while the old master lives.',
    command: 'redis-cli -h $REPLICA INFO replication | grep -E "role|master_link"',
    examples: [
      'master_link_status:down',
      '4242:S 26 Nov 2026 08:01:02.345 # MASTER timeout: no data nor PING received...',
      '4242:S 26 Nov 2026 08:01:03.456 # Error condition on socket for SYNC: Connection refused',
    ],
  },

  // ── Consul ──────────────────────────────────────────────────────────────────────────────
  // The messages are Consul's own error strings, agent/structs/errors.go in hashicorp/consul
  // (errNoLeader, errNoDCPath, errNoServers). The HTTP API answers them as a 500 with the text as
  // body; the Go client and the CLI wrap it as "Unexpected response code: 500 (...)", a client
  // agent forwarding to a server as "rpc error making call: ...".
  {
    id: 'consul-no-leader',
    system: 'consul',
    regex: /No cluster leader/,
    severity: 'critical',
    title: 'No cluster leader',
    where: [
      'HTTP 500 bodies of consistent reads and writes (KV, catalog, /v1/operator/raft/configuration)',
      'consul CLI output (Unexpected response code: 500)',
      'Consul server and client agent logs',
    ],
    meaning:
      'The server has no raft leader: it sits on a side of a cut without a quorum of voters, or an election is under way. ' +
      'Stale reads still answer; writes and consistent reads fail until a leader is elected.',
    action: 'Check network connectivity between the Consul servers and which side holds a quorum of voters; send clients to that side. Do not run peers.json recovery while both sides live.',
    command: 'consul operator raft list-peers -stale; consul members',
    examples: [
      'No cluster leader',
      'Unexpected response code: 500 (No cluster leader)',
      'rpc error making call: No cluster leader',
      '/v1/operator/raft/configuration: HTTP 500 (No cluster leader)',
    ],
  },
  {
    id: 'consul-no-path-to-datacenter',
    system: 'consul',
    regex: /No path to datacenter/,
    severity: 'warning',
    title: 'No path to datacenter',
    where: ['HTTP 500 bodies of requests with ?dc= for another datacenter', 'Consul server logs (cross-datacenter forwarding)', 'consul CLI output'],
    meaning:
      'The servers know no live server of the named datacenter over the WAN gossip pool: the WAN link between the datacenters is cut, or every remote server is down.',
    action: 'Check the WAN path (ports 8300 and 8302) between the datacenters; consul members -wan shows which remote servers are failed.',
    command: 'consul members -wan',
    examples: ['rpc error making call: No path to datacenter', 'Unexpected response code: 500 (rpc error making call: No path to datacenter)', 'No path to datacenter'],
  },
  {
    id: 'consul-no-known-servers',
    system: 'consul',
    regex: /No known Consul servers/,
    severity: 'critical',
    title: 'No known Consul servers',
    where: ['client agent HTTP 500 bodies', 'client agent logs (agent: Coordinate update error / rpc errors)'],
    meaning: 'A client agent has no reachable server left: every server is across a cut from this node, or down. Service discovery on this node serves what it cached at best.',
    action: 'Check connectivity from this node to the Consul servers (port 8300); consul members shows which servers it sees failed.',
    command: 'consul members -status=failed',
    examples: ['No known Consul servers', 'Unexpected response code: 500 (No known Consul servers)'],
  },

  // ── Envoy / Istio ───────────────────────────────────────────────────────────────────────
  {
    id: 'envoy-circuit-breaker-open',
    system: 'envoy',
    // "reset reason: overflow" and the UO flag are what an open breaker answers with.
    regex: /reset reason: overflow|\{overflow\}|(?:^|[\s",=])UO(?=[\s",]|$)/,
    severity: 'warning',
    title: 'Circuit breaker OPEN (response flag UO)',
    where: ['Envoy access logs (response flag UO)', 'envoy_cluster_circuit_breakers_default_{cx,rq,rq_pending}_open', 'istio_requests_total{response_flags="UO"}'],
    meaning:
      'The upstream cluster\'s circuit breaker is open: too many pending requests or connections, typically because the other side of a cut stopped answering.',
    action: 'Check connectivity to the upstream; adjust the circuit breaker thresholds only once the partition is ruled out.',
    command: 'istioctl proxy-config cluster $POD -o json | grep -A8 circuitBreakers',
    examples: [
      'upstream connect error or disconnect/reset before headers. reset reason: overflow',
      '[2026-11-26T08:01:02.345Z] "GET /api/orders HTTP/1.1" 503 UO upstream_reset_before_response_started{overflow} - "-" 0 81 0 - "-" "curl/8.5.0"',
    ],
  },
  {
    id: 'envoy-upstream-reset',
    system: 'envoy',
    regex: /upstream connect error or disconnect\/reset before headers/i,
    severity: 'critical',
    title: 'upstream connect error or disconnect/reset before headers',
    where: ['HTTP 503 bodies returned to clients', 'Envoy proxy logs', 'envoy_cluster_upstream_cx_connect_fail'],
    meaning: 'Envoy could not connect to (or lost) the upstream before it answered: clients see 503 for calls that cross the cut.',
    action: 'Check connectivity from this proxy to the upstream endpoints; route traffic to the majority side.',
    command: 'istioctl proxy-config endpoint $POD --cluster "$CLUSTER"',
    examples: [
      'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111',
      'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
    ],
  },
  {
    id: 'envoy-upstream-failure-flag',
    system: 'envoy',
    // Response flags: UF upstream connection failure, UC upstream connection termination,
    // URX retry/connect-attempt limit reached. Flags are comma-joined in access logs.
    regex: /(?:^|[\s",=])(?:UF|UC|URX)(?=[\s",]|$)/,
    severity: 'critical',
    title: 'response flags UF / UC / URX',
    where: ['Envoy access logs', 'istio_requests_total{response_flags=~"UF|UC|URX"}'],
    meaning: 'Requests failed at the upstream connection: cannot connect (UF), connection cut mid-request (UC), retries exhausted (URX).',
    action: 'Check connectivity from this proxy to the upstream endpoints; route traffic to the majority side.',
    command: 'istioctl proxy-config endpoint $POD --cluster "$CLUSTER"',
    examples: [
      '[2026-11-26T08:01:02.345Z] "GET /api/orders HTTP/1.1" 503 UF upstream_reset_before_response_started{connection_failure} - "-" 0 91 1002 - "-" "curl/8.5.0"',
      '[2026-11-26T08:01:05.678Z] "POST /api/orders HTTP/1.1" 503 URX,UF via_upstream - "-" 0 91 3004 - "-" "curl/8.5.0"',
      '[2026-11-26T08:01:07.001Z] "GET /api/orders HTTP/1.1" 503 UC upstream_reset_before_response_started{connection_termination} - "-" 0 95 12 - "-" "curl/8.5.0"',
    ],
  },
];

/** The pattern with this id; throws for an unknown id so a typo in generated rules fails the build. */
export function patternById(id: string): ErrorPattern {
  const found = ERROR_PATTERNS.find((pattern) => pattern.id === id);
  if (found === undefined) throw new Error(`unknown error pattern id "${id}": see exporter/src/patterns/catalog.ts`);
  return found;
}
