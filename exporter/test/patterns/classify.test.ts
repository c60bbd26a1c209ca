import { classify } from '../../src/patterns';

/** Real messages, verbatim from the systems (docs/architecture.md and the servers' own wording). */
const cases: ReadonlyArray<[Parameters<typeof classify>[0], string, string | undefined]> = [
  // etcd
  ['etcd', '14 UNAVAILABLE: etcdserver: no leader', 'etcd-no-leader'],
  ['etcd', 'etcdserver: no leader', 'etcd-no-leader'],
  ['etcd', '14 UNAVAILABLE: etcdserver: request timed out', 'etcd-request-timed-out'],
  ['etcd', '4 DEADLINE_EXCEEDED: context deadline exceeded', 'etcd-deadline-exceeded'],
  ['etcd', 'Error: context deadline exceeded', 'etcd-deadline-exceeded'],
  ['etcd', '4 DEADLINE_EXCEEDED: Deadline exceeded after 1.001s,LB pick: 0.000s,remote_addr=10.200.0.4:2379', 'etcd-deadline-exceeded'],
  [
    'etcd',
    '{"level":"warn","ts":"2026-11-26T08:01:02.345Z","caller":"rafthttp/stream.go:421","msg":"lost TCP streaming connection with remote peer","stream-reader-type":"stream Message","local-member-id":"8e9e05c52164694d","remote-peer-id":"91bc3c398fb3c146","error":"EOF"}',
    'etcd-peer-stream-lost',
  ],
  ['etcd', '2026-11-26 08:01:02.345678 W | rafthttp: lost the TCP streaming connection with peer 91bc3c398fb3c146 (stream MsgApp v2 reader)', 'etcd-peer-stream-lost'],
  ['etcd', '{"level":"info","msg":"established TCP streaming connection with remote peer","remote-peer-id":"91bc3c398fb3c146"}', undefined],
  ['etcd', '14 UNAVAILABLE: No connection established', undefined],
  // MySQL / MariaDB
  ['mysql', 'Slave_IO_Running: No', 'mysql-io-stopped'],
  ['mysql', '             Replica_IO_Running: No', 'mysql-io-stopped'],
  ['mysql', 'Slave_SQL_Running: No', 'mysql-sql-stopped'],
  ['mysql', 'Slave_IO_Running: Connecting', 'mysql-io-connecting'],
  ['mysql', 'Replica_IO_Running: Connecting', 'mysql-io-connecting'],
  [
    'mysql',
    "error connecting to master 'repl@10.200.0.1:3306' - retry-time: 60  maximum-retries: 86400  message: Can't connect to server on '10.200.0.1' (115)",
    'mysql-io-connecting',
  ],
  [
    'mysql',
    "error reconnecting to master 'repl@10.200.0.1:3306' - retry-time: 60  maximum-retries: 86400  message: Lost connection to server at 'handshake: reading initial communication packet', system error: 110",
    'mysql-io-connecting',
  ],
  [
    'mysql',
    "Replica I/O for channel '': Error reconnecting to source 'repl@10.0.0.1:3306'. This was attempt 1/86400, with a delay of 60 seconds between attempts. Message: Lost connection to MySQL server during query, Error_code: MY-002013",
    'mysql-io-connecting',
  ],
  ['mysql', 'Slave_IO_Running: Yes', undefined],
  ["mysql", "Access denied for user 'repl'@'10.200.0.2' (using password: YES)", undefined],
  // PostgreSQL
  [
    'postgres',
    'FATAL:  could not connect to the primary server: connection to server at "10.200.0.1", port 5432 failed: Connection timed out',
    'postgres-primary-unreachable',
  ],
  ['postgres', 'FATAL:  could not receive data from WAL stream: server closed the connection unexpectedly', 'postgres-wal-receiver-not-streaming'],
  ['postgres', 'FATAL:  terminating walreceiver due to timeout', 'postgres-wal-receiver-not-streaming'],
  ['postgres', 'WAL receiver not streaming (status: waiting)', 'postgres-wal-receiver-not-streaming'],
  ['postgres', 'LOG:  started streaming WAL from primary at 0/3000000 on timeline 1', undefined],
  // Redis
  ['redis', 'master_link_status:down', 'redis-master-link-down'],
  ['redis', "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.", 'redis-masterdown'],
  ['redis', '4242:S 26 Nov 2026 08:01:02.345 # MASTER timeout: no data nor PING received...', 'redis-master-link-down'],
  ['redis', 'master_link_status:up', undefined],
  // Envoy / Istio
  [
    'envoy',
    'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111',
    'envoy-upstream-reset',
  ],
  ['envoy', 'upstream connect error or disconnect/reset before headers. reset reason: overflow', 'envoy-circuit-breaker-open'],
  ['envoy', '[2026-11-26T08:01:02.345Z] "GET /api HTTP/1.1" 503 UO upstream_reset_before_response_started{overflow} - "-" 0 81 0 - "-" "curl/8.5.0"', 'envoy-circuit-breaker-open'],
  ['envoy', '[2026-11-26T08:01:02.345Z] "GET /api HTTP/1.1" 503 UF upstream_reset_before_response_started{connection_failure} - "-" 0 91 1002 - "-" "curl/8.5.0"', 'envoy-upstream-failure-flag'],
  ['envoy', '[2026-11-26T08:01:05.678Z] "POST /api HTTP/1.1" 503 URX,UF via_upstream - "-" 0 91 3004 - "-" "curl/8.5.0"', 'envoy-upstream-failure-flag'],
  ['envoy', '[2026-11-26T08:01:07.001Z] "GET /api HTTP/1.1" 503 UC upstream_reset_before_response_started{connection_termination} - "-" 0 95 12 - "-" "curl/8.5.0"', 'envoy-upstream-failure-flag'],
  ['envoy', '[2026-11-26T08:01:07.001Z] "GET /api HTTP/1.1" 200 - via_upstream - "-" 0 1234 12 11 "-" "curl/8.5.0"', undefined],
  ['envoy', '[2026-11-26T08:01:07.001Z] "GET /UFO HTTP/1.1" 404 NR - "-" 0 0 0 - "-" "curl/8.5.0"', undefined],
  // Consul's own strings (agent/structs/errors.go) as its HTTP API, Go client and CLI, and this probe word them.
  ['consul', 'No cluster leader', 'consul-no-leader'],
  ['consul', 'Error listing peers: Unexpected response code: 500 (No cluster leader)', 'consul-no-leader'],
  ['consul', '/v1/operator/raft/configuration: HTTP 500 (No cluster leader)', 'consul-no-leader'],
  ['consul', 'Unexpected response code: 500 (rpc error making call: No path to datacenter)', 'consul-no-path-to-datacenter'],
  ['consul', 'Unexpected response code: 500 (No known Consul servers)', 'consul-no-known-servers'],
  ['consul', '/v1/status/leader: HTTP 403 (ACL not found)', undefined],
];

describe('classify', () => {
  it.each(cases)('%s: %s → %s', (system, message, expected) => {
    expect(classify(system, message)?.id).toBe(expected);
  });

  it('only looks at the patterns of the given system', () => {
    expect(classify('mysql', '14 UNAVAILABLE: etcdserver: no leader')).toBeUndefined();
    expect(classify('etcd', 'Slave_IO_Running: No')).toBeUndefined();
  });

  it('gives the same answer on repeated calls (no regex state)', () => {
    const message = '14 UNAVAILABLE: etcdserver: no leader';
    expect([classify('etcd', message)?.id, classify('etcd', message)?.id, classify('etcd', message)?.id]).toEqual([
      'etcd-no-leader',
      'etcd-no-leader',
      'etcd-no-leader',
    ]);
  });
});
