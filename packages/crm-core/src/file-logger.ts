import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type winston from 'winston';
import type { LogLevel } from '@zcrmkit/config';
import type { Redactor } from './redact.js';
import type { LogLevelName, ZohoLogger } from './types.js';

/** config.logLevel → winston level; `off` silences, `trace` is winston's most verbose (`silly`). */
export function winstonLevel(level: LogLevel): LogLevelName | 'off' {
  return level === 'trace' ? 'silly' : level;
}

/** A winston format that blanks secrets in the message and in every metadata value. */
export function redactFormat(w: typeof winston, redactor: Redactor): winston.Logform.Format {
  return w.format((info) => {
    const record = info as unknown as Record<string, unknown>;
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

export interface FileLogger extends ZohoLogger {
  close(): Promise<void>;
}

/**
 * crm-core's own winston logger — a dedicated instance, never winston's default logger, so an
 * application's `winston.info()` is left alone. Writes `file` (its directory created) and nothing
 * to the console: console output for humans is the application's business.
 */
export async function createFileLogger(file: string, level: LogLevel, redactor: Redactor): Promise<FileLogger> {
  // Loaded on first use, like the SDK: importing crm-core stays cheap.
  const { default: winston } = await import('winston');
  const mapped = winstonLevel(level);
  if (mapped !== 'off') mkdirSync(path.dirname(file), { recursive: true });
  const transport = mapped === 'off' ? new winston.transports.Console({ silent: true }) : new winston.transports.File({ filename: file });
  const logger = winston.createLogger({
    level: mapped === 'off' ? 'error' : mapped,
    silent: mapped === 'off',
    format: winston.format.combine(redactFormat(winston, redactor), winston.format.timestamp(), winston.format.printf((info) => formatLine(info as Record<string, unknown>))),
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
        if (mapped === 'off') return done();
        transport.once('finish', done);
        logger.end();
      });
      return closing;
    },
  };
}
