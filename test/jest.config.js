// Cross-part tests: the network-namespace lab, end-to-end partitions, the browser harness.
// Run serially (`--runInBand`, see package.json): they build hosts and measure timing.
// Timeouts: jest.config.js at the root (a global option) or jest.setTimeout in the file.
module.exports = {
  displayName: 'system',
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
};
