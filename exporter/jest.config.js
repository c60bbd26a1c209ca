// The exporter's unit tests: pure logic and in-process servers, fast. Tests that start real
// servers or processes (databases, etcd, agents, the CLI) are named *.integration.test.ts and
// run in the integration project (jest.integration.config.js).
module.exports = {
  displayName: 'exporter',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.integration\\.test\\.ts$'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
};
