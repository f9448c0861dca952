import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { openOwnFileForAppendSync, UnsafePathError } from '@zcrmkit/safe-fs';
import type { LogLevel } from '@zcrmkit/config';
import { ZohoApiError } from './zoho-api-error.js';
import type { Redactor } from './redact.js';
import type { LogLevelName, ZohoLogger } from './types.js';
import { sdkWinstonFrom, type WinstonFormatLike, type WinstonLike } from './sdk-winston.js';

/** config.logLevel → winston level; `off` silences, `trace` is winston's most verbose (`silly`). */
export function winstonLevel(level: LogLevel): LogLevelName | 'off' {
  return level === 'trace' ? 'silly' : level;
}

/** A winston format that blanks secrets in the message and in every metadata value. */
export function redactFormat(w: WinstonLike, redactor: Redactor): WinstonFormatLike {
  return w.format((info) => {
    const record = info;
    for (const key of Object.keys(record)) {
      if (key === 'level') continue;
      record[key] = redactor.redactDeep(record[key]);
    }
    return info;
  })();
}

/** One line per entry: time, level, request id, message, then metadata as JSON. */
function formatLine(info: Record<string, unknown>): string {
  const { level, message, timestamp, requestId, ...meta } = info;
  const rest = Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : '';
  return `${String(timestamp)} ${String(level).toUpperCase().padEnd(7)} [${typeof requestId === 'string' ? requestId : '-'}] ${String(message)}${rest}`;
}

function openLogFile(file: string): number {
  try {
    return openOwnFileForAppendSync(file, 0o600, 'log file');
  } catch (err) {
    if (err instanceof UnsafePathError) {
      throw new ZohoApiError({
        code: 'UNSAFE_PATH',
        message: `${err.message}; it was left untouched`,
        operation: 'init',
        hint: 'Point ZOHO_LOG_FILE at a file of yours (not a link), or remove the link and run again.',
      });
    }
    throw err;
  }
}

export interface FileLogger extends ZohoLogger {
  close(): Promise<void>;
}

/**
 * crm-core's own winston logger — a dedicated instance, never winston's default logger, so an
 * application's `winston.info()` is left alone — on the winston copy the SDK imports (sdk-winston.ts).
 * Writes `file` (its directory created) and nothing to the console: console output for humans is
 * the application's business. Synchronous, so that the token fetch can start before the SDK import.
 */
export function createFileLogger(file: string, level: LogLevel, redactor: Redactor, winston: WinstonLike = sdkWinstonFrom(import.meta.url)): FileLogger {
  const mapped = winstonLevel(level);
  let stream: NodeJS.WritableStream | undefined;
  if (mapped !== 'off') {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Opened here, not by winston's File transport (which follows a symlink planted at the path
    // and appends to its target): no link followed, only a file of ours, created 0600.
    stream = createWriteStream('', { fd: openLogFile(file), flags: 'a' });
  }
  const transport = stream ? new winston.transports.Stream({ stream }) : new winston.transports.Console({ silent: true });
  const logger = winston.createLogger({
    level: mapped === 'off' ? 'error' : mapped,
    silent: mapped === 'off',
    format: winston.format.combine(redactFormat(winston, redactor), winston.format.timestamp(), winston.format.printf((info) => formatLine(info))),
    transports: [transport],
    exitOnError: false,
  });
  let closing: Promise<void> | undefined;
  return {
    log(lvl, message, meta) {
      if (closing) return;
      logger.log(lvl, message, meta ?? {});
    },
    isLevelEnabled: (lvl) => mapped !== 'off' && logger.isLevelEnabled(lvl),
    close() {
      closing ??= new Promise<void>((resolve) => {
        // The file transport finishes after the logger does; wait for it (bounded) so the file is complete.
        const done = () => {
          clearTimeout(guard);
          resolve();
        };
        const guard = setTimeout(done, 2000);
        guard.unref();
        if (!stream) return done();
        const file = stream;
        transport.once('finish', () => file.end(done));
        logger.end();
      });
      return closing;
    },
  };
}
