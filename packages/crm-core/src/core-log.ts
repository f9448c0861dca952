import type { Redactor } from './redact.js';
import type { LogLevelName, ZohoLogger } from './types.js';

/**
 * What crm-core logs through: redacts before the target logger sees anything, so a caller's own
 * logger (with formats we do not control) gets clean lines too, and never throws.
 */
export class CoreLog {
  readonly #target: ZohoLogger;
  readonly #redactor: Redactor;

  constructor(target: ZohoLogger, redactor: Redactor) {
    this.#target = target;
    this.#redactor = redactor;
  }

  /** False when the target says the level is off (then nothing is built or redacted for it). */
  enabled(level: LogLevelName): boolean {
    try {
      return this.#target.isLevelEnabled?.(level) !== false;
    } catch {
      return true;
    }
  }

  log(level: LogLevelName, message: string, meta: Record<string, unknown> = {}): void {
    if (!this.enabled(level)) return;
    try {
      this.#target.log(level, this.#redactor.redact(message), this.#redactor.redactDeep(meta) as Record<string, unknown>);
    } catch {
      // A failing logger must not fail the call it describes.
    }
  }

  error(message: string, meta?: Record<string, unknown>): void {
    this.log('error', message, meta);
  }
  warn(message: string, meta?: Record<string, unknown>): void {
    this.log('warn', message, meta);
  }
  info(message: string, meta?: Record<string, unknown>): void {
    this.log('info', message, meta);
  }
  debug(message: string, meta?: Record<string, unknown>): void {
    this.log('debug', message, meta);
  }
}
