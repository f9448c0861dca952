import { preset } from '../../jest.preset.mjs';

export default {
  ...preset(import.meta.dirname, 'cli'),
  globalSetup: '<rootDir>/src/e2e/global-setup.mjs',
  // These suites mostly wait on child processes (the built CLI, fleet workers, Chromium) and the
  // emulator's latency, so two run at once even on 2 cores (jest's default there is one). Each
  // suite has its own emulator, ports, temp dirs and Redis key prefix.
  maxWorkers: 2,
  // The stress suites run in the `stress` target (jest.stress.config.mjs), not in `test`.
  testPathIgnorePatterns: ['/node_modules/', '\\.stress\\.spec\\.ts$'],
};
