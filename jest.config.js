/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/src', '<rootDir>/dev', '<rootDir>/tests'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
    },
    {
      // The tab's components: jsdom, Testing Library, the API answered by a fake built on the real view types.
      displayName: 'tab',
      testEnvironment: 'jsdom',
      // The charts' d3 packages are ES modules with a "umd" build beside: jest (CommonJS) takes that one.
      testEnvironmentOptions: { customExportConditions: ['browser', 'umd'] },
      roots: ['<rootDir>/tab/src'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tab/tsconfig.json' }] },
      setupFilesAfterEnv: ['<rootDir>/tab/src/test/setup.ts'],
    },
  ],
};
