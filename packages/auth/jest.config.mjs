import { preset } from '../../jest.preset.mjs';

export default {
  ...preset(import.meta.dirname, 'auth'),
  // Child-process tests run dist/: make sure it is built from the current sources.
  globalSetup: '<rootDir>/src/test-support/build-dist.mjs',
};
