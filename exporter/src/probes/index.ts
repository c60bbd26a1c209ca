/**
 * Every probe family by name (blackbox_exporter's idea: one small file per prober, one shape, a
 * map from name to prober), each on the one probe runner (runner.ts). Add a family here and the
 * agent runs it when the config asks for it.
 */
import type { ProbeServiceFactory } from './service';
import { createMysqlService } from './mysql';
import { createPostgresService } from './postgres';
import { createRedisService } from './redis';
import { createEtcdService } from './etcd-service';
import { createTcpService } from './tcp-service';
import { createKubernetesService } from './kubernetes-service';
import { createConsulService } from './consul-service';
import { createEnvoyService } from './envoy-service';

export const PROBE_SERVICES: Readonly<Record<string, ProbeServiceFactory>> = {
  tcp: createTcpService,
  etcd: createEtcdService,
  redis: createRedisService,
  postgres: createPostgresService,
  mysql: createMysqlService,
  kubernetes: createKubernetesService,
  consul: createConsulService,
  envoy: createEnvoyService,
};
