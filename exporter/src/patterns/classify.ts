/**
 * Classify one error message or log line of a system against the catalog. Pure: the same
 * message always gives the same answer, so probes and log followers can count with it.
 */
import { ERROR_PATTERNS, type ErrorPattern, type PatternSystem } from './catalog';

/** The first catalog pattern of `system` whose regex matches `message`, or undefined. */
export function classify(system: PatternSystem, message: string): ErrorPattern | undefined {
  return ERROR_PATTERNS.find((pattern) => pattern.system === system && pattern.regex.test(message));
}
