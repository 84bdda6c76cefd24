/** Jest runs TypeScript through @swc/jest (no type-check: `tsc --noEmit` does that once). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  snapshotResolver: '<rootDir>/test/snapshot-resolver.js',
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 60000,
  // Outside the per-run TMPDIR (which run-jest.sh deletes) so transforms are cached between runs.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};
