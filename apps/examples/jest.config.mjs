import { preset } from '../../jest.preset.mjs';

export default {
  ...preset(import.meta.dirname, 'examples'),
  globalSetup: '<rootDir>/src/e2e/global-setup.mjs',
};
