import { invocationContext, loggingInvocation } from './call-context.js';
import type { LogLevelName } from './types.js';

// The SDK logs through winston's *default* logger (`winston.info(…)`) and, at initialisation,
// calls `winston.configure(…)` on it — which would replace the transports of any application
// that uses the default logger too. crm-core wraps those module-level functions of the winston
// copy the SDK imports: inside a crm-core call (the async context tells) a line goes to crm-core's
// redacted log and `configure` does nothing; outside one, the original function runs unchanged.
// Warm record calls run without an async context (see call-context.ts): while one is in flight,
// the SDK's lines go to crm-core's log too.

/** The part of the winston module object the SDK uses. */
export interface WinstonModuleLike {
  [method: string]: unknown;
}

const LEVELS: readonly LogLevelName[] = ['error', 'warn', 'info', 'verbose', 'debug', 'silly'];
const BRIDGED = Symbol.for('@zcrmkit/crm-core.sdk-log-bridge');

/** How the SDK's arguments become one of our lines: message text, plus an error or object as meta. */
export function sdkLine(args: unknown[]): { message: string; meta: Record<string, unknown> } {
  const [first, ...rest] = args;
  const message = typeof first === 'string' ? first : first instanceof Error ? first.message : first && typeof first === 'object' && 'message' in first ? String((first as { message: unknown }).message) : String(first);
  const meta: Record<string, unknown> = { source: 'sdk' };
  const extra = first instanceof Error ? first : rest[0];
  if (extra instanceof Error) meta.error = extra;
  else if (extra !== undefined && extra !== null) meta.detail = extra;
  return { message, meta };
}

/** Installs the bridge on the SDK's winston module (once per module object). */
export function installSdkLogBridge(winston: WinstonModuleLike): void {
  if ((winston as Record<symbol, unknown>)[BRIDGED]) return;
  for (const level of LEVELS) {
    const original = winston[level];
    if (typeof original !== 'function') continue;
    winston[level] = function bridged(this: unknown, ...args: unknown[]) {
      const target = loggingInvocation();
      if (!target) return (original as (...a: unknown[]) => unknown).apply(this, args);
      const { inv, sole } = target;
      const ours = level === 'error' ? 'warn' : level;
      if (!inv.call.log.enabled(ours as LogLevelName)) return undefined;
      const { message, meta } = sdkLine(args);
      // The SDK logs every failure it throws as an error, though crm-core may retry it successfully;
      // crm-core's own line says how the call ended. A line from a call without an async context
      // names its request only when that call is the only one in flight.
      inv.call.log.log(ours as LogLevelName, message, sole ? { ...meta, requestId: inv.call.requestId } : meta);
      return undefined;
    };
  }
  const configure = winston.configure;
  if (typeof configure === 'function') {
    winston.configure = function bridgedConfigure(this: unknown, ...args: unknown[]) {
      if (invocationContext.getStore()) return undefined;
      return (configure as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  Object.defineProperty(winston, BRIDGED, { value: true });
}
