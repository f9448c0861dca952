import type { ConfigVariable } from './env-vars.js';
import { ZcrmkitError } from './zcrmkit-error.js';

export interface ConfigProblem {
  /** The variable (or option) at fault. */
  variable: ConfigVariable | 'envFile';
  /** What is wrong and what is expected. Never contains a secret's value. */
  message: string;
}

export type ConfigErrorCode = 'CONFIG_INVALID';

/** The one error class of @zcrmkit/config: every problem found, at once. */
export class ConfigError extends ZcrmkitError {
  override readonly name = 'ConfigError';
  declare readonly code: ConfigErrorCode;
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], code: ConfigErrorCode = 'CONFIG_INVALID') {
    const lines = problems.map((p) => `  - ${p.variable}: ${p.message}`);
    super(code, `[@zcrmkit/config] invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.problems = Object.freeze([...problems]);
  }

  /** The variables that are missing altogether (not malformed). */
  get missingVariables(): string[] {
    return this.problems.filter((p) => p.message.startsWith('is missing')).map((p) => p.variable);
  }
}
