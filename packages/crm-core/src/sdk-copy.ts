import { createRequire } from 'node:module';
import { ZohoApiError } from './zoho-api-error.js';

export const SDK_PACKAGE = '@zohocrm/nodejs-sdk-8.0';
export const SDK_RANGE = '^2.0.0';

/**
 * Which SDK file this process loaded through crm-core, under a process-wide symbol: every copy of
 * crm-core (a nested install) sees the same slot, so a second SDK copy is caught before it loads.
 */
export const SDK_COPY_MARK = Symbol.for('@zcrmkit/crm-core/zoho-sdk-entry');

type Marked = { [SDK_COPY_MARK]?: string };

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
}

/**
 * The SDK's entry file as resolved from `from` (crm-core's own location). The SDK is a peer
 * dependency: the app installs it, once, beside crm-core.
 */
export function resolveSdkEntry(from: string): string {
  try {
    return createRequire(from).resolve(SDK_PACKAGE);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new ZohoApiError({
      code: 'SDK_MISSING',
      operation: 'init',
      message: `init: ${SDK_PACKAGE} is not installed; @zcrmkit/crm-core needs it as a peer dependency`,
      hint: `install it in your app: npm install ${SDK_PACKAGE}@${SDK_RANGE}`,
    });
  }
}

/**
 * Records `entry` as the process's SDK, or refuses a second, different copy: the SDK keeps one
 * configuration in static state, and two copies would each believe they own it.
 */
export function claimSdkCopy(entry: string, scope: Marked = globalThis as Marked): void {
  const claimed = scope[SDK_COPY_MARK];
  if (claimed === undefined) {
    Object.defineProperty(scope, SDK_COPY_MARK, { value: entry, enumerable: false, configurable: true });
    return;
  }
  if (claimed === entry) return;
  throw new ZohoApiError({
    code: 'SDK_DUPLICATE',
    operation: 'init',
    message: `init: two copies of ${SDK_PACKAGE} in one process (${claimed} and ${entry}); its global state cannot be shared`,
    hint: `install exactly one copy: run \`npm ls ${SDK_PACKAGE}\`, then \`npm dedupe\` or align the versions so every zcrmkit package uses the same one`,
  });
}
