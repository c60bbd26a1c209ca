/**
 * Every probe family by name (blackbox_exporter's idea: one small file per prober, one shape, a
 * map from name to prober). Add a family here and the agent runs it when the config asks for it.
 */
import type { ProbeServiceFactory } from './service';
import { createMysqlService } from './mysql';
import { createPostgresService } from './postgres';
import { createRedisService } from './redis';
import { createEtcdService } from './etcd-service';
import { createLogService } from '../logs/log-service';
import { createTcpService } from './tcp-service';

export const PROBE_SERVICES: Readonly<Record<string, ProbeServiceFactory>> = {
  tcp: createTcpService,
  etcd: createEtcdService,
  logs: createLogService,
  redis: createRedisService,
  postgres: createPostgresService,
  mysql: createMysqlService,
};
