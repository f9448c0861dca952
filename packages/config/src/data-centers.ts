export type DataCenterId = 'US' | 'EU' | 'IN' | 'AU' | 'CN' | 'JP' | 'CA' | 'SA';
export type ZohoEnvironment = 'production' | 'sandbox' | 'developer';

export interface DataCenter {
  readonly id: DataCenterId;
  readonly accountsHost: string;
  /** The production API host; sandbox and developer swap its `www.` prefix. */
  readonly apiHost: string;
  readonly fileUploadHost: string;
}

export interface Endpoints {
  /** Base URL of the CRM API, without `/crm/v8`. */
  readonly apiUrl: string;
  /** Base URL of Zoho Accounts. */
  readonly accountsUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  readonly fileUploadUrl: string;
}

export const ZOHO_ENVIRONMENTS: readonly ZohoEnvironment[] = ['production', 'sandbox', 'developer'];

export const DATA_CENTERS: readonly DataCenter[] = Object.freeze([
  { id: 'US', accountsHost: 'accounts.zoho.com', apiHost: 'www.zohoapis.com', fileUploadHost: 'content.zohoapis.com' },
  { id: 'EU', accountsHost: 'accounts.zoho.eu', apiHost: 'www.zohoapis.eu', fileUploadHost: 'content.zohoapis.eu' },
  { id: 'IN', accountsHost: 'accounts.zoho.in', apiHost: 'www.zohoapis.in', fileUploadHost: 'content.zohoapis.in' },
  { id: 'AU', accountsHost: 'accounts.zoho.com.au', apiHost: 'www.zohoapis.com.au', fileUploadHost: 'content.zohoapis.com.au' },
  { id: 'CN', accountsHost: 'accounts.zoho.com.cn', apiHost: 'www.zohoapis.com.cn', fileUploadHost: 'content.zohoapis.com.cn' },
  { id: 'JP', accountsHost: 'accounts.zoho.jp', apiHost: 'www.zohoapis.jp', fileUploadHost: 'content.zohoapis.jp' },
  { id: 'CA', accountsHost: 'accounts.zohocloud.ca', apiHost: 'www.zohoapis.ca', fileUploadHost: 'upload.zohocloud.ca' },
  { id: 'SA', accountsHost: 'accounts.zoho.sa', apiHost: 'www.zohoapis.sa', fileUploadHost: 'files.zoho.sa' },
] satisfies DataCenter[]);

/** Accounts hosts Zoho runs that the official SDK has no data center for. */
export const UNSUPPORTED_ACCOUNTS_HOSTS: Readonly<Record<string, string>> = Object.freeze({
  'accounts.zoho.uk': 'UK',
});

export function findDataCenterByHost(host: string): DataCenter | undefined {
  const wanted = host.toLowerCase();
  return DATA_CENTERS.find((dc) => dc.accountsHost === wanted);
}

export function endpointsFor(dc: DataCenter, environment: ZohoEnvironment = 'production'): Endpoints {
  const apiHost = environment === 'production' ? dc.apiHost : dc.apiHost.replace(/^www\./, `${environment}.`);
  const accountsUrl = `https://${dc.accountsHost}`;
  const tokenUrl = `${accountsUrl}/oauth/v2/token`;
  return Object.freeze({
    apiUrl: `https://${apiHost}`,
    accountsUrl,
    tokenUrl,
    revokeUrl: `${tokenUrl}/revoke`,
    fileUploadUrl: `https://${dc.fileUploadHost}`,
  });
}
