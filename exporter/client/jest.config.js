// The mode client's tests: in-process agents on loopback (no real agent; the lab test in
// test/e2e/partition-mode.test.ts runs the client against real agents under a real cut).
module.exports = {
  displayName: 'client',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
};
