// Shared jest settings: ESM TypeScript through ts-jest (transpile only; `tsc -b` type-checks),
// and workspace packages resolved to their source through the @zcrmkit/source export condition.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(fileURLToPath(import.meta.url));

/** @param {string} projectDir @param {string} name @param {string} [target] the Nx target running it */
export function preset(projectDir, name, target = 'test') {
  return {
    rootDir: projectDir,
    displayName: name,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/tests/**/*.spec.ts'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform: {
      '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: path.join(projectDir, 'tsconfig.spec.json') }],
    },
    testEnvironmentOptions: { customExportConditions: ['@zcrmkit/source', 'node', 'node-addons'] },
    reporters: ['default', [path.join(root, 'tools/jest-totals-reporter.cjs'), { name, target }]],
    // A hang check only: the slowest single test or hook takes ~5 s on a quiet machine (SDK import,
    // init, a few faults); 120 s is over 20× that and leaves room for a loaded 2-core machine.
    testTimeout: 120_000,
  };
}
