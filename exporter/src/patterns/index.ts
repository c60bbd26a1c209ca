export { ERROR_PATTERNS, PATTERN_SYSTEMS, patternById } from './catalog';
export type { ErrorPattern, PatternSeverity, PatternSystem } from './catalog';
export { classify } from './classify';
