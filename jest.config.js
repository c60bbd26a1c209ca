// Every part's tests, one jest run. `testTimeout` is a global option (jest ignores it inside a
// project's config), so it lives here; lab files that need more set jest.setTimeout themselves.
// The system project (lab, e2e, browser) runs with --runInBand: it builds hosts and measures timing.
module.exports = {
  testTimeout: 60000,
  projects: ['<rootDir>/exporter', '<rootDir>/panel-plugin', '<rootDir>/provisioning', '<rootDir>/test'],
};
