/**
 * The shape of one error-message pattern from the runbook's "Error Message Patterns" section.
 * Probes classify their errors with it; alerts, Grafana rules and runbook pages are generated
 * from it (provisioning/src), so every field is written for the person paged at 3 AM.
 */

export const PATTERN_SYSTEMS = ['etcd', 'mysql', 'postgres', 'redis', 'envoy', 'consul'] as const;
export type PatternSystem = (typeof PATTERN_SYSTEMS)[number];

/** critical: writes or reads are failing now; warning: redundancy or a path is lost. */
export type PatternSeverity = 'critical' | 'warning';

export interface ErrorPattern {
  /** Stable kebab-case id: the `pattern` label of netsplit_error_pattern_total and the log counter. */
  readonly id: string;
  readonly system: PatternSystem;
  /** Matched against one error message or log line; case-insensitive where spellings vary. */
  readonly regex: RegExp;
  readonly severity: PatternSeverity;
  /** One line: what the message looks like, as the runbook's ERROR line. */
  readonly title: string;
  /** Where the message shows up (the runbook's LOCATION). */
  readonly where: readonly string[];
  /** What it means during a partition, and when it means something else. */
  readonly meaning: string;
  /** What to do first (the runbook's ACTION). */
  readonly action: string;
  /** The command that confirms it (the runbook's COMMAND / MONITORING). */
  readonly command: string;
  /** Real messages this pattern must match, verbatim (tests and runbook pages use them). */
  readonly examples: readonly string[];
}
