import path from 'node:path';
import type { AuthOperation } from './auth-error.js';

// One place for the advice attached to each error, so that the README's table and the code agree.

export function invalidCodeHint(operation: AuthOperation): string {
  if (operation === 'exchange') {
    return 'The grant code expired (it lives only the minutes chosen when it was generated, 3 by default) or was already used. Generate a new one in the Zoho API console (Self Client → Generate Code) and run the exchange again at once.';
  }
  return 'Zoho rejected the refresh token: it was revoked, deleted (a user keeps at most 20) or belongs to another client. Get a new one with zcrmkit-exchange-grant and update REFRESH_TOKEN.';
}

export const INVALID_CLIENT_HINT =
  'Zoho does not know this client at this accounts server: check CLIENT_ID and CLIENT_SECRET, and that ACCOUNTS_URL is the data center your Zoho account lives in (e.g. https://accounts.zoho.eu for EU accounts).';

export const THROTTLED_HINT =
  "Zoho's accounts server refused the request as too frequent (it allows 10 new access tokens per refresh token per 10 minutes). Wait 10 minutes, and make sure only one process refreshes (share one token store file).";

export function networkHint(host: string): string {
  return `Could not reach ${host}: check the network connection, proxy settings and ACCOUNTS_URL.`;
}

export function timeoutHint(timeoutMs: number): string {
  return `The accounts server did not answer within ${timeoutMs} ms. Retry later; raise requestTimeoutMs if the network is slow.`;
}

export const UNEXPECTED_RESPONSE_HINT =
  "The answer is not a Zoho token response. Check that ACCOUNTS_URL (or ZOHO_ACCOUNTS_URL) points at Zoho's accounts server and that no proxy rewrites the request.";

export function storeCorruptHint(file: string): string {
  return `${file} was left untouched. Move it aside (e.g. rename it to ${file}.bad) and run again: a new store is created and a new access token is fetched with REFRESH_TOKEN.`;
}

export function storeIoHint(file: string): string {
  return `Check that ${file} and its directory exist, belong to the user running zcrmkit and are readable and writable by it.`;
}

export function storeUnsafeHint(file: string): string {
  return `zcrmkit keeps tokens only in a folder of yours that no one else can enter: make ${path.dirname(file)} a real folder (not a link) owned by the user running zcrmkit with mode 0700, and ${file} a real file owned by that user, or point ZOHO_DATA_DIR at such a folder.`;
}

export const TOKEN_NOT_FOUND_HINT = 'No stored token has this id; list the stored tokens with getTokens().';
