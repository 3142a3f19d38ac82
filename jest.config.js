/** @type {import('jest').Config} */
module.exports = {
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': 'ts-jest' },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.js'],
  testEnvironment: 'node',
  // Synthesizing stacks is CPU-bound; two workers match the CI machines.
  maxWorkers: 2,
};
