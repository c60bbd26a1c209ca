// The exporter against real parts: PostgreSQL, MariaDB, Redis, etcd, agents on loopback, the
// CLI as a process. Files are named *.integration.test.ts; `npm run test:integration` runs them.
module.exports = {
  displayName: 'integration',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.integration.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
};
