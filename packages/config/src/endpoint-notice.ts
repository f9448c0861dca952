import { ENV_ACCOUNTS_URL, ENV_API_URL, ENV_CUSTOM_ACCOUNTS_URL } from './env-vars.js';
import type { ZohoConfig } from './types.js';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * With custom endpoints, the one line to print (on stderr) at every run: where the client secret,
 * refresh token and access tokens will be sent, and that ACCOUNTS_URL is ignored if it is set too.
 * Undefined for Zoho's own data centers, whose hosts are fixed.
 */
export function customEndpointNotice(config: Pick<ZohoConfig, 'dataCenter' | 'apiUrl' | 'accountsUrl' | 'sources'>): string | undefined {
  if (config.dataCenter !== 'custom') return undefined;
  const ignored = config.sources[ENV_ACCOUNTS_URL] ? `; ${ENV_ACCOUNTS_URL} is ignored` : '';
  return (
    `zcrmkit: custom endpoints (${ENV_API_URL}, ${ENV_CUSTOM_ACCOUNTS_URL}): the client secret and refresh token go to ${hostOf(config.accountsUrl)}, ` +
    `access tokens and CRM data to ${hostOf(config.apiUrl)}${ignored}`
  );
}
