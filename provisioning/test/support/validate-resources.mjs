#!/usr/bin/env node
/**
 * Validates Kubernetes resources with the maintained schema packages (kubernetes-models for the
 * built-in APIs, @kubernetes-models/prometheus-operator for its CRDs), which ship as ES modules
 * only (jest runs the tests as CommonJS, so they call this script). Reads a JSON array of
 * resources on stdin; prints a JSON array of { kind, name, error } (error null when valid).
 */
const MODULES = {
  'monitoring.coreos.com/v1': (kind) => `@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${kind}`,
  v1: (kind) => `kubernetes-models/v1/${kind}`,
  'apps/v1': (kind) => `kubernetes-models/apps/v1/${kind}`,
  'rbac.authorization.k8s.io/v1': (kind) => `kubernetes-models/rbac.authorization.k8s.io/v1/${kind}`,
  'scheduling.k8s.io/v1': (kind) => `kubernetes-models/scheduling.k8s.io/v1/${kind}`,
  'networking.k8s.io/v1': (kind) => `kubernetes-models/networking.k8s.io/v1/${kind}`,
  'policy/v1': (kind) => `kubernetes-models/policy/v1/${kind}`,
};

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const resource of JSON.parse(input)) {
  const name = resource?.metadata?.name ?? null;
  const module = MODULES[resource?.apiVersion]?.(resource?.kind);
  if (module === undefined) {
    results.push({ kind: resource?.kind ?? null, name, error: `no schema package for ${resource?.apiVersion}` });
    continue;
  }
  try {
    const Model = (await import(module))[resource.kind];
    new Model(resource).validate();
    results.push({ kind: resource.kind, name, error: null });
  } catch (error) {
    results.push({ kind: resource.kind, name, error: String(error?.message ?? error).split('\n')[0] });
  }
}
process.stdout.write(JSON.stringify(results));
