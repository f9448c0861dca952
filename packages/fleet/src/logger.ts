/** Where the fleet reports what it does; crm-core's and auth's loggers fit. */
export interface FleetLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export const silentFleetLogger: FleetLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Warnings to stderr, the default of command-line tools. */
export const stderrFleetLogger: FleetLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => process.stderr.write(`[@zcrmkit/fleet] warning: ${message}\n`),
  error: (message) => process.stderr.write(`[@zcrmkit/fleet] error: ${message}\n`),
};
