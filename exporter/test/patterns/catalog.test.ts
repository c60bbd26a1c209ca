import { ERROR_PATTERNS, PATTERN_SYSTEMS, classify, patternById } from '../../src/patterns';

describe('error-pattern catalog', () => {
  it('holds the runbook patterns and the measured ones under stable ids', () => {
    expect(ERROR_PATTERNS.map((pattern) => pattern.id)).toEqual([
      'etcd-no-leader',
      'etcd-request-timed-out',
      'etcd-deadline-exceeded',
      'etcd-peer-stream-lost',
      'mysql-io-stopped',
      'mysql-sql-stopped',
      'mysql-io-connecting',
      'postgres-primary-unreachable',
      'postgres-wal-receiver-not-streaming',
      'redis-masterdown',
      'redis-master-link-down',
      'consul-no-leader',
      'consul-no-path-to-datacenter',
      'consul-no-known-servers',
      'envoy-circuit-breaker-open',
      'envoy-upstream-reset',
      'envoy-upstream-failure-flag',
    ]);
  });

  it('covers every system', () => {
    expect([...new Set(ERROR_PATTERNS.map((pattern) => pattern.system))].sort()).toEqual([...PATTERN_SYSTEMS].sort());
  });

  it('uses label-safe ids', () => {
    for (const pattern of ERROR_PATTERNS) expect(pattern.id).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it('has stateless regexes (no g or y flag: classify must be pure)', () => {
    for (const pattern of ERROR_PATTERNS) expect(pattern.regex.flags).not.toMatch(/[gy]/);
  });

  it('fills every field a runbook page needs', () => {
    for (const pattern of ERROR_PATTERNS) {
      expect(pattern.title.length).toBeGreaterThan(0);
      expect(pattern.where.length).toBeGreaterThan(0);
      expect(pattern.meaning.length).toBeGreaterThan(20);
      expect(pattern.action.length).toBeGreaterThan(20);
      expect(pattern.command.length).toBeGreaterThan(5);
      expect(pattern.examples.length).toBeGreaterThan(0);
    }
  });

  it('classifies each of its own examples as itself (order leaves every pattern reachable)', () => {
    for (const pattern of ERROR_PATTERNS) {
      for (const example of pattern.examples) expect([example, classify(pattern.system, example)?.id]).toEqual([example, pattern.id]);
    }
  });

  it('finds a pattern by id and rejects an unknown id with the file to look in', () => {
    expect(patternById('redis-masterdown').system).toBe('redis');
    expect(() => patternById('etcd-nope')).toThrow('unknown error pattern id "etcd-nope": see exporter/src/patterns/catalog.ts');
  });
});
