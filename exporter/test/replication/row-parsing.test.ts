/** The pure row readers of the PostgreSQL and MySQL probes, on both column-name sets. */
import { observationFromRows } from '../../src/probes/mysql';
import { observationFromRow } from '../../src/probes/postgres';

describe('mysql observationFromRows', () => {
  const role = (readOnly: number, dumpHosts: string | null = null) => ({ read_only: readOnly, dump_hosts: dumpHosts });

  it('reads MySQL 8 Replica_*/Source_* columns', () => {
    const status = {
      Replica_IO_Running: 'Yes',
      Replica_SQL_Running: 'Yes',
      Seconds_Behind_Source: '3',
      Source_Host: '10.0.0.1',
      Source_Port: 3306,
      Source_Log_File: 'binlog.000007',
      Relay_Source_Log_File: 'binlog.000007',
      Read_Source_Log_Pos: '5000',
      Exec_Source_Log_Pos: '4200',
    };
    expect(observationFromRows(status, role(1))).toEqual({
      reached: true,
      role: 'replica',
      writable: false,
      attached: [],
      upstream: { receiving: true, ioState: 'yes', sqlRunning: true, primaryHost: '10.0.0.1', primaryPort: 3306, lagSeconds: 3, lagBytes: 800, signature: undefined },
    });
  });

  it('reads MariaDB Slave_*/Master_* columns: Connecting with errno 2003 is unknown lag and a classified signature', () => {
    const status = {
      Slave_IO_Running: 'Connecting',
      Slave_SQL_Running: 'Yes',
      Seconds_Behind_Master: null,
      Master_Host: '10.0.0.1',
      Master_Port: '3306',
      Last_IO_Errno: 2003,
      Last_IO_Error: "error reconnecting to master 'repl@10.0.0.1:3306' - retry-time: 1  maximum-retries: 100000  message: Can't connect to server on '10.0.0.1' (110)",
    };
    const observation = observationFromRows(status, role(1));
    expect(observation.reached && observation.upstream).toEqual({
      receiving: false,
      ioState: 'connecting',
      sqlRunning: true,
      primaryHost: '10.0.0.1',
      primaryPort: 3306,
      lagSeconds: undefined,
      lagBytes: undefined,
      signature:
        "Slave_IO_Running: Connecting\nSlave_SQL_Running: Yes\nLast_IO_Errno: 2003\nLast_IO_Error: error reconnecting to master 'repl@10.0.0.1:3306' - retry-time: 1  maximum-retries: 100000  message: Can't connect to server on '10.0.0.1' (110)",
    });
  });

  it('calls a writable server without replication running a primary, with the replicas its dump threads serve', () => {
    expect(observationFromRows(undefined, role(0, '10.0.0.2:41234 [::1]:5000'))).toEqual({
      reached: true,
      role: 'primary',
      writable: true,
      upstream: undefined,
      attached: [
        { host: '10.0.0.2', streaming: true },
        { host: '::1', streaming: true },
      ],
    });
  });

  it('calls a stopped replica with read_only=0 a writer (the promotion STOP SLAVE + read_only=0)', () => {
    const observation = observationFromRows({ Slave_IO_Running: 'No', Slave_SQL_Running: 'No' }, role(0));
    expect(observation).toEqual({ reached: true, role: 'primary', writable: true, upstream: undefined, attached: [] });
  });

  it('calls an answer without read_only the wrong server', () => {
    expect(observationFromRows(undefined, {})).toEqual({ reached: false, kind: 'wrong_server', message: 'no @@read_only: not a MySQL/MariaDB server' });
  });
});

describe('postgres observationFromRow', () => {
  it('reads a primary with its streaming replicas and their unreplayed bytes', () => {
    const row = {
      in_recovery: false,
      attached: [{ host: '10.0.0.2', name: 'walreceiver', state: 'streaming', lag_bytes: '128', lag_seconds: null }],
      receiver: null,
      caught_up: null,
      since_last_replay: null,
    };
    expect(observationFromRow(row)).toEqual({ reached: true, role: 'primary', writable: true, attached: [{ host: '10.0.0.2', name: 'walreceiver', streaming: true, lagBytes: 128, lagSeconds: undefined }] });
  });

  it('reports lag only while streaming: a replica whose receiver is gone has unknown lag, never 0', () => {
    const row = { in_recovery: true, attached: [], receiver: null, caught_up: true, since_last_replay: '0' };
    expect(observationFromRow(row)).toEqual({
      reached: true,
      role: 'replica',
      writable: false,
      attached: [],
      upstream: { receiving: false, primaryHost: undefined, primaryPort: undefined, lagSeconds: undefined, lagBytes: undefined, signature: 'WAL receiver not streaming (no pg_stat_wal_receiver row)' },
    });
  });

  it('reads a streaming replica behind its primary: lag is the age of the last replayed transaction', () => {
    const row = { in_recovery: true, attached: [], receiver: { status: 'streaming', host: '10.0.0.1', port: 5432, behind_bytes: '4096', message_age: 0.25 }, caught_up: false, since_last_replay: '2.5' };
    const observation = observationFromRow(row);
    expect(observation.reached && observation.upstream).toEqual({ receiving: true, primaryHost: '10.0.0.1', primaryPort: 5432, lagSeconds: 2.5, lagBytes: 4096, lastMessageAgeSeconds: 0.25, signature: undefined });
  });
});
