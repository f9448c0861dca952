import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

// Layering: safe-fs <- config <- auth <- crm-core <- crm-leads <- bulk <- cli <- examples; safe-fs
// (atomic writes, locks, links and ownership) is the lowest layer, on nothing of ours, and every
// layer but the emulator may use it; the emulator stands alone; the fleet (Redis coordination)
// sits beside crm-core on config and auth, and only the cli and apps wire it in (bulk takes any
// credit budget through a small interface of its own); the OpenTelemetry plugin sits on crm-core.
const boundaries = [
  { sourceTag: 'layer:safe-fs', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'layer:config', onlyDependOnLibsWithTags: ['layer:safe-fs'] },
  { sourceTag: 'layer:auth', onlyDependOnLibsWithTags: ['layer:config', 'layer:safe-fs'] },
  { sourceTag: 'layer:core', onlyDependOnLibsWithTags: ['layer:config', 'layer:auth', 'layer:safe-fs'] },
  { sourceTag: 'layer:leads', onlyDependOnLibsWithTags: ['layer:core', 'layer:config', 'layer:safe-fs'] },
  { sourceTag: 'layer:bulk', onlyDependOnLibsWithTags: ['layer:leads', 'layer:core', 'layer:auth', 'layer:config', 'layer:safe-fs'] },
  { sourceTag: 'layer:fleet', onlyDependOnLibsWithTags: ['layer:config', 'layer:auth', 'layer:safe-fs'] },
  { sourceTag: 'layer:cli', onlyDependOnLibsWithTags: ['layer:bulk', 'layer:leads', 'layer:core', 'layer:fleet', 'layer:auth', 'layer:config', 'layer:emulator', 'layer:safe-fs'] },
  // The OpenTelemetry plugin is a crm-core plugin (types only); its tests drive a whole stack.
  { sourceTag: 'layer:otel', onlyDependOnLibsWithTags: ['layer:core'] },
  { sourceTag: 'layer:emulator', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'layer:tools', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'layer:app', onlyDependOnLibsWithTags: ['*'] },
];

// Commands import heavy layers lazily so that --help stays fast; tests import them statically.
const lazyLoaded = ['@zcrmkit/auth', '@zcrmkit/auth/cli', '@zcrmkit/crm-core', '@zcrmkit/crm-leads', '@zcrmkit/bulk', '@zcrmkit/crm-emulator', '@zcrmkit/crm-emulator/cli', '@zcrmkit/fleet'];

const testBoundaries = boundaries.map((rule) =>
  rule.sourceTag === 'layer:otel'
    ? { ...rule, onlyDependOnLibsWithTags: ['layer:core', 'layer:leads', 'layer:fleet', 'layer:config', 'layer:emulator'] }
    : rule.onlyDependOnLibsWithTags.includes('*') || rule.onlyDependOnLibsWithTags.includes('layer:emulator') || rule.sourceTag === 'layer:emulator'
      ? rule
      : { ...rule, onlyDependOnLibsWithTags: [...rule.onlyDependOnLibsWithTags, 'layer:emulator'] },
);

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': 'error',
    },
  },
  {
    files: ['**/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: true, allow: [], depConstraints: boundaries, checkDynamicDependenciesExceptions: lazyLoaded },
      ],
    },
  },
  {
    // Tests may also start the emulator; production code never may.
    files: ['**/src/**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: true, allow: [], depConstraints: testBoundaries, checkDynamicDependenciesExceptions: lazyLoaded },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', performance: 'readonly', fetch: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
  },
  {
    // The emulator's web inspector runs in a browser, not in Node.
    files: ['packages/crm-emulator/src/ui/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: { document: 'readonly', Node: 'readonly', setInterval: 'readonly', fetch: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', process: 'off', require: 'off', module: 'off', Buffer: 'off', __dirname: 'off' },
    },
  },
);
