import type { GrantSource } from '@zcrmkit/auth';
import type { CallGate } from './call-gate.js';
import type { MiddlewareStack } from './middleware.js';
import type { OrgProfileStore } from './org-profile.js';
import type { TokenRequestEvent } from './token-events.js';
import { invalidOption } from './zoho-api-error.js';

/** What a plugin may supply of a client's options. */
export interface PluginOptions {
  grantSource?: GrantSource | undefined;
  callGates?: readonly CallGate[] | undefined;
  orgProfile?: OrgProfileStore | false | undefined;
}

/** What a plugin's `setup` gets: the client's middleware stack and the process's token events. */
export interface PluginHost {
  readonly middleware: MiddlewareStack;
  /** Each request to Zoho's token endpoint this process makes; returns the unsubscribe. */
  onTokenRequest(listener: (event: TokenRequestEvent) => void): () => void;
}

/**
 * Adds to a client in one piece: options (a token source, call gates, an org profile store),
 * middleware, and what it closes with the client. `createZohoClient({ plugins: [fleet(config)] })`.
 */
export interface ZohoPlugin {
  /** Names the plugin in errors and in `client.plugins`. */
  readonly name: string;
  /** Options the plugin supplies. A plugin's grantSource or orgProfile may not clash with the client's own or another plugin's; call gates add up, in order. */
  readonly clientOptions?: PluginOptions | undefined;
  /** Called once, when the client is created, before any call. */
  setup?(host: PluginHost): void;
  /** Called once by `client.close()`, after the client's last call. */
  close?(): void | Promise<void>;
}

export interface MergedPluginOptions {
  plugins: readonly ZohoPlugin[];
  grantSource: GrantSource | undefined;
  callGates: CallGate[];
  orgProfile: OrgProfileStore | false | undefined;
}

const OPERATION = 'createZohoClient';
const PREFIX = '[@zcrmkit/crm-core]';

/** The client's own options merged with its plugins'; a clash throws INVALID_OPTION naming both. */
export function mergePlugins(value: unknown, own: PluginOptions): MergedPluginOptions {
  const plugins = value ?? [];
  if (!Array.isArray(plugins)) throw invalidOption(OPERATION, `${PREFIX} plugins option must be an array of plugins`);
  const merged: MergedPluginOptions = { plugins: [], grantSource: own.grantSource, callGates: [...(own.callGates ?? [])], orgProfile: own.orgProfile };
  const from: Record<'grantSource' | 'orgProfile', string | undefined> = {
    grantSource: own.grantSource === undefined ? undefined : 'the grantSource option',
    orgProfile: own.orgProfile === undefined ? undefined : 'the orgProfile option',
  };
  const names = new Set<string>();
  plugins.forEach((plugin: unknown, i) => {
    if (plugin === undefined || plugin === null || plugin === false) return; // `plugins: [config.fleet && fleet(config)]`
    const p = plugin as ZohoPlugin;
    if (typeof p !== 'object' || typeof p.name !== 'string' || p.name === '') throw invalidOption(OPERATION, `${PREFIX} plugins[${i}] must be an object with a name`);
    if (names.has(p.name)) throw invalidOption(OPERATION, `${PREFIX} plugin ${p.name} is given twice`);
    names.add(p.name);
    if (p.setup !== undefined && typeof p.setup !== 'function') throw invalidOption(OPERATION, `${PREFIX} plugin ${p.name}: setup must be a function`);
    if (p.close !== undefined && typeof p.close !== 'function') throw invalidOption(OPERATION, `${PREFIX} plugin ${p.name}: close must be a function`);
    const options = p.clientOptions ?? {};
    for (const key of ['grantSource', 'orgProfile'] as const) {
      if (options[key] === undefined) continue;
      if (from[key] !== undefined) throw invalidOption(OPERATION, `${PREFIX} plugin ${p.name} supplies ${key}, and so does ${from[key]}; keep one`);
      from[key] = `plugin ${p.name}`;
      (merged as unknown as Record<string, unknown>)[key] = options[key];
    }
    if (options.callGates !== undefined) {
      if (!Array.isArray(options.callGates)) throw invalidOption(OPERATION, `${PREFIX} plugin ${p.name}: callGates must be an array`);
      merged.callGates.push(...options.callGates);
    }
    (merged.plugins as ZohoPlugin[]).push(p);
  });
  return merged;
}
