// Every part's tests, one jest run. `testTimeout` is a global option (jest ignores it inside a
// project's config), so it lives here; lab files that need more set jest.setTimeout themselves.
// The system project (lab, e2e, browser) runs with --runInBand: it builds hosts and measures timing.
// No blanket retry: a test that must retry names the cause beside its own jest.retryTimes call.
module.exports = {
  testTimeout: 60000,
  // Per-file durations after every run, slowest first (test/durations-reporter.js).
  reporters: ['default', '<rootDir>/test/durations-reporter.js'],
  projects: ['<rootDir>/exporter', '<rootDir>/exporter/jest.integration.config.js', '<rootDir>/exporter/client', '<rootDir>/panel-plugin', '<rootDir>/provisioning', '<rootDir>/test'],
};
