// Cross-part tests: the network-namespace lab, end-to-end partitions, the browser harness.
// Run serially (`--runInBand`, see package.json): they build hosts and measure timing.
module.exports = {
  displayName: 'system',
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  testTimeout: 120000,
};
