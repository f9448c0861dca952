import { preset } from '../../jest.preset.mjs';

export default {
  ...preset(import.meta.dirname, 'auth'),
  // The stress suites run in the `stress` target (jest.stress.config.mjs), not in `test`.
  testPathIgnorePatterns: ['/node_modules/', '\\.stress\\.spec\\.ts$'],
  // Child-process tests run dist/: make sure it is built from the current sources.
  globalSetup: '<rootDir>/src/test-support/build-dist.mjs',
};
