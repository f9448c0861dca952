import { preset } from '../../jest.preset.mjs';

// The `stress` target: the full-strength suites (*.stress.spec.ts) that `npm test` runs shorter.
export default {
  ...preset(import.meta.dirname, 'cli', 'stress'),
  testMatch: ['<rootDir>/src/**/*.stress.spec.ts'],
};
