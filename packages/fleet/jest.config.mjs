import { preset } from '../../jest.preset.mjs';

export default {
  ...preset(import.meta.dirname, 'fleet'),
  // Builds dist/ (the SIGKILL test's child runs it) and looks for Redis once.
  globalSetup: '<rootDir>/src/test-support/global-setup.mjs',
};
