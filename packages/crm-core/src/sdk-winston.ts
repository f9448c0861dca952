import { createRequire } from 'node:module';
import { resolveSdkEntry } from './sdk-copy.js';

// crm-core logs through the winston copy the SDK itself imports, not one of its own: the SDK loads
// that copy anyway (and crm-core bridges its default logger, see sdk-log-bridge.ts), while a second
// copy cost every cold start ~40 ms of module loading for nothing.

/** The part of a winston logger crm-core's file logger drives. */
export interface WinstonLoggerLike {
  log(level: string, message: string, meta: Record<string, unknown>): unknown;
  isLevelEnabled(level: string): boolean;
  end(): unknown;
}

/** A winston format (logform), opaque here. */
export type WinstonFormatLike = object;

/** A winston transport: a writable stream that says when it is done. */
export interface WinstonTransportLike {
  once(event: 'finish', listener: () => void): unknown;
}

/** The part of the winston module object crm-core uses (winston ≥ 3.2 has all of it). */
export interface WinstonLike {
  createLogger(options: { level: string; silent: boolean; format: WinstonFormatLike; transports: WinstonTransportLike[]; exitOnError: boolean }): WinstonLoggerLike;
  format: {
    (transform: (info: Record<string, unknown>) => Record<string, unknown> | false): () => WinstonFormatLike;
    combine(...formats: WinstonFormatLike[]): WinstonFormatLike;
    timestamp(): WinstonFormatLike;
    printf(template: (info: Record<string, unknown>) => string): WinstonFormatLike;
  };
  transports: {
    Stream: new (options: { stream: NodeJS.WritableStream }) => WinstonTransportLike;
    Console: new (options: { silent: boolean }) => WinstonTransportLike;
  };
}

/** The SDK's entry file, as resolved from `from`: `sdkWinston(resolveSdkEntry(import.meta.url))`. */
export function sdkWinston(sdkEntry: string): WinstonLike & Record<string, unknown> {
  return createRequire(sdkEntry)('winston') as WinstonLike & Record<string, unknown>;
}

/** The SDK's winston, resolved from crm-core's own location (throws SDK_MISSING without the SDK). */
export function sdkWinstonFrom(from: string): WinstonLike & Record<string, unknown> {
  return sdkWinston(resolveSdkEntry(from));
}
