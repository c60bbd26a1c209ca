// Every part's tests, one jest run. Lab tests run serially inside their own project
// (see test/jest.config.js): they build network namespaces and measure timing.
module.exports = {
  projects: ['<rootDir>/exporter', '<rootDir>/panel-plugin', '<rootDir>/provisioning', '<rootDir>/test'],
};
