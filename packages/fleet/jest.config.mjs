import { preset } from '../../jest.preset.mjs';

export default {
  ...preset(import.meta.dirname, 'fleet'),
  // The SIGKILL test's child process runs dist/: make sure it is built from the current sources.
  globalSetup: '<rootDir>/src/test-support/build-dist.mjs',
};
