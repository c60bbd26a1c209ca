/** The runbook's vocabulary as value mappings, shared by both dashboards. */
import { valueMappings } from './builders';

/** Runbook § "Service Degradation Levels". */
export const DEGRADATION_MAPPINGS = valueMappings([
  [0, 'Full functionality', 'green'],
  [1, 'Read-only mode', 'yellow'],
  [2, 'Cached responses', 'orange'],
  [3, 'Emergency fallback', 'red'],
]);

/** netsplit:node_role:code (recording rule). */
export const ROLE_MAPPINGS = valueMappings([
  [0, 'healthy', 'green'],
  [1, 'majority', 'blue'],
  [2, 'minority', 'orange'],
  [3, 'isolated', 'red'],
]);

export const UP_MAPPINGS = valueMappings([
  [0, 'down', 'red'],
  [1, 'up', 'green'],
]);

export const LEADER_MAPPINGS = valueMappings([
  [0, 'no leader', 'red'],
  [1, 'has leader', 'green'],
]);

export const IS_LEADER_MAPPINGS = valueMappings([
  [0, 'follower', 'transparent'],
  [1, 'LEADER', 'purple'],
]);

export const YES_NO_MAPPINGS = valueMappings([
  [0, 'no', 'green'],
  [1, 'YES', 'red'],
]);
