/**
 * What @zcrmkit/auth logs through. winston loggers, pino (with a small adapter) and `console` fit.
 * Messages and metadata never contain a secret.
 */
export interface AuthLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

const noop = (): void => undefined;

/** The default: logs nothing. */
export const silentLogger: AuthLogger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });
