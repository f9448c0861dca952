import { preset } from '../../jest.preset.mjs';

// The `stress` target: the full-strength suites (*.stress.spec.ts) that `npm test` runs shorter.
export default {
  ...preset(import.meta.dirname, 'auth', 'stress'),
  testMatch: ['<rootDir>/src/**/*.stress.spec.ts'],
  // Child-process tests run dist/: make sure it is built from the current sources.
  globalSetup: '<rootDir>/src/test-support/build-dist.mjs',
};
