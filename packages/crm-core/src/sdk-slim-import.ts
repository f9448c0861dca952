import * as nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';
import type { ZohoSdk } from './load-sdk.js';
import { ZohoApiError } from './zoho-api-error.js';

// The SDK's entry (lib/zohocrmsdk.js) imports all 1,740 of its files: ~1 s of a cold start, of which
// a record read and write need about 210. Loading only those would be enough, but four SDK files
// (file_store, utility, module_fields_handler, user_signature) import five names from the entry
// itself, and so pull the whole SDK in again. A resolve hook hands those four, and only those, a
// stand-in for the entry that re-exports the five names from the files that define them: every
// class is still the module the SDK's own imports load, so `instanceof` and the SDK's static state
// are unchanged, and an app that imports the full SDK later gets the same classes.

/** Set to `full` to import the SDK's whole entry instead (`ZCRMKIT_SDK_IMPORT=full`). */
export const SDK_IMPORT_ENV = 'ZCRMKIT_SDK_IMPORT';

/** What the stand-in entry exports: exactly the names the SDK's own files import from the entry. */
const ENTRY_NAMES: Readonly<Record<string, string>> = {
  UserSignature: 'routes/user_signature.js',
  Constants: 'utils/util/constants.js',
  Utility: 'utils/util/utility.js',
  JSONConverter: 'utils/util/json_converter.js',
  OAuthToken: 'models/authenticator/oauth_token.js',
};

/**
 * Loaded first, in this order: the SDK's files import each other in cycles, and a class that
 * `extends` an import throws if its module runs before the one it extends. This order is the one the
 * full entry's first import (Coql → CommonAPIHandler) establishes.
 */
const FIRST = ['routes/middlewares/common_api_handler.js', 'utils/util/json_converter.js'];

/** Namespaces crm-core calls: module → the file that re-exports its classes. */
const NAMESPACES: Readonly<Record<string, string>> = {
  Record: 'core/com/zoho/crm/api/record/import_record.js',
  Users: 'core/com/zoho/crm/api/users/import_users.js',
  Org: 'core/com/zoho/crm/api/org/import_org.js',
  Layouts: 'core/com/zoho/crm/api/layouts/import_layouts.js',
  Fields: 'core/com/zoho/crm/api/fields/import_fields.js',
};

/** The entry's other exports (its DB token store is left out: it loads mysql, and crm-core keeps its own store). */
const CLASSES: Readonly<Record<string, string>> = {
  FileStore: 'models/authenticator/store/file_store.js',
  OAuthBuilder: 'models/authenticator/oauth_builder.js',
  OAuthToken: 'models/authenticator/oauth_token.js',
  SDKException: 'core/com/zoho/crm/api/exception/sdk_exception.js',
  APIHTTPConnector: 'routes/controllers/api_http_connector.js',
  APIResponse: 'routes/controllers/api_response.js',
  DataCenter: 'routes/dc/data_center.js',
  Environment: 'routes/dc/environment.js',
  LogBuilder: 'routes/logger/log_builder.js',
  Logger: 'routes/logger/logger.js',
  Levels: 'routes/logger/logger.js',
  SDKLogger: 'routes/logger/sdk_logger.js',
  CommonAPIHandler: 'routes/middlewares/common_api_handler.js',
  HeaderMap: 'routes/header_map.js',
  Header: 'routes/header.js',
  InitializeBuilder: 'routes/initialize_builder.js',
  Initializer: 'routes/initializer.js',
  Param: 'routes/param.js',
  ParameterMap: 'routes/parameter_map.js',
  SDKConfigBuilder: 'routes/sdk_config_builder.js',
  SDKConfig: 'routes/sdk_config.js',
  UserSignature: 'routes/user_signature.js',
  Choice: 'utils/util/choice.js',
  Constants: 'utils/util/constants.js',
  Converter: 'utils/util/converter.js',
  DatatypeConverter: 'utils/util/datatype_converter.js',
  HeaderParamValidator: 'utils/util/header_param_validator.js',
  JSONConverter: 'utils/util/json_converter.js',
  Utility: 'utils/util/utility.js',
};
/** Namespaces the entry exports as `import * as`, not as one class. */
const CLASS_NAMESPACES: Readonly<Record<string, string>> = {
  TokenStore: 'models/authenticator/store/token_store.js',
};

const HOOKED = Symbol.for('@zcrmkit/crm-core.sdk-slim-import');

/** How this process imported the SDK: `slim` (the files crm-core calls) or `full` (its entry). */
export type SdkImportMode = 'slim' | 'full';
let mode: SdkImportMode | undefined;
/** `undefined` until crm-core has imported the SDK. */
export function sdkImportMode(): SdkImportMode | undefined {
  return mode;
}

function standInEntry(lib: string): string {
  const lines = Object.entries(ENTRY_NAMES).map(([name, file]) => `export { ${name} } from ${JSON.stringify(new URL(file, lib).href)};`);
  return `data:text/javascript,${encodeURIComponent(lines.join('\n'))}`;
}

/** The hook's code, self-contained: it runs on the loader's own thread. */
function hookSource(lib: string, entry: string, standIn: string): string {
  return `const lib = ${JSON.stringify(lib)}, entry = ${JSON.stringify(entry)}, standIn = ${JSON.stringify(standIn)};
export function resolve(specifier, context, next) {
  const parent = context.parentURL;
  if (parent !== undefined && parent.startsWith(lib) && parent !== entry && /(^|\\/)zohocrmsdk\\.js$/.test(specifier) && new URL(specifier, parent).href === lib + 'zohocrmsdk.js') return { url: standIn, shortCircuit: true };
  return next(specifier, context);
}`;
}

/** Installs the resolve hook once per process; false where this Node.js has no hook API. */
function installHook(lib: string, indexUrl: string): boolean {
  const scope = globalThis as { [HOOKED]?: string };
  if (scope[HOOKED] === lib) return true;
  if (scope[HOOKED] !== undefined) return false;
  // Node.js 22.15 added an in-thread `registerHooks`; `register` is what every supported version has.
  if (typeof nodeModule.register !== 'function') return false;
  nodeModule.register(`data:text/javascript,${encodeURIComponent(hookSource(lib, indexUrl, standInEntry(lib)))}`);
  Object.defineProperty(scope, HOOKED, { value: lib, enumerable: false, configurable: true });
  return true;
}

/** Under jest's module registry (or any loader that ignores Node's hooks) the stand-in is not used; the imports below still work, loading the SDK whole. */
async function importSlim(lib: string): Promise<ZohoSdk> {
  const load = async (file: string): Promise<Record<string, unknown>> => {
    try {
      return (await import(new URL(file, lib).href)) as Record<string, unknown>;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
      throw new ZohoApiError({
        code: 'SDK_UNSUPPORTED',
        operation: 'init',
        message: `init: this @zohocrm/nodejs-sdk-8.0 has no lib/${file}, which crm-core imports instead of the SDK's whole entry`,
        hint: `set ${SDK_IMPORT_ENV}=full to import the whole SDK, or install the SDK version crm-core is tested with (2.0.0)`,
        cause: { name: (error as Error).name, message: (error as Error).message, code: 'ERR_MODULE_NOT_FOUND' },
      });
    }
  };
  for (const file of FIRST) await load(file);
  const sdk: Record<string, unknown> = {};
  for (const [name, file] of Object.entries(NAMESPACES)) sdk[name] = await load(file);
  for (const [name, file] of Object.entries(CLASS_NAMESPACES)) sdk[name] = await load(file);
  for (const [name, file] of Object.entries(CLASSES)) sdk[name] = (await load(file))[name];
  return sdk as unknown as ZohoSdk;
}

/**
 * Imports the SDK at `entry` (its resolved lib/index.js): only the files crm-core calls, unless
 * `ZCRMKIT_SDK_IMPORT=full` or this Node.js cannot hook module resolution. The object returned has
 * the entry's members crm-core uses (the namespaces above and the entry's classes).
 */
export async function importSdk(entry: string, env: NodeJS.ProcessEnv = process.env): Promise<ZohoSdk> {
  const indexUrl = pathToFileURL(entry).href;
  const lib = new URL('./', indexUrl).href;
  if (env[SDK_IMPORT_ENV] !== 'full' && installHook(lib, indexUrl)) {
    const sdk = await importSlim(lib);
    mode = 'slim';
    return sdk;
  }
  const sdk = (await import(indexUrl)) as ZohoSdk;
  mode = 'full';
  return sdk;
}
