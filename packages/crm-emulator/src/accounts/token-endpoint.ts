import type { JsonObject } from '../core/json.js';
import { json, type EmulatorResponse } from '../http/response.js';
import type { OAuthStore, TokenErrorCode } from './oauth-store.js';

/** Zoho Accounts' answer to a throttled refresh (10 access tokens per refresh token per 10 minutes). */
export const THROTTLE_ERROR: JsonObject = {
  error: 'Access Denied',
  error_description: 'You have made too many requests continuously. Please try again after some time.',
};

function tokenError(code: TokenErrorCode): EmulatorResponse {
  // Zoho Accounts reports token errors with HTTP 200; clients must read the body.
  return json(200, code === 'throttled' ? THROTTLE_ERROR : { error: code });
}

/** Parameters may come in the body (SDK: multipart) or the query string (Zoho's docs); the body wins. */
function param(body: Map<string, string>, query: URLSearchParams, name: string): string | undefined {
  return body.get(name) ?? query.get(name) ?? undefined;
}

export function handleTokenRequest(
  store: OAuthStore,
  body: Map<string, string>,
  query: URLSearchParams,
  apiDomain: string,
  countGrant: (grantType: string | undefined) => void,
  countDenied: () => void = () => undefined,
): EmulatorResponse {
  const grantType = param(body, query, 'grant_type');
  countGrant(grantType);
  const clientId = param(body, query, 'client_id');
  const clientSecret = param(body, query, 'client_secret');
  if (grantType === 'authorization_code') {
    const result = store.exchangeCode({ clientId, clientSecret, code: param(body, query, 'code'), redirectUri: param(body, query, 'redirect_uri') });
    if (!result.ok) return tokenError(result.error);
    const t = result.tokens;
    return json(200, {
      access_token: t.accessToken,
      refresh_token: t.refreshToken ?? null,
      scope: t.scopes.join(' '),
      api_domain: apiDomain,
      token_type: 'Bearer',
      expires_in: t.expiresInSeconds,
    });
  }
  if (grantType === 'refresh_token') {
    const result = store.refresh({ clientId, clientSecret, refreshToken: param(body, query, 'refresh_token') });
    if (!result.ok && result.error === 'throttled') countDenied();
    if (!result.ok) return tokenError(result.error);
    const t = result.tokens;
    return json(200, {
      access_token: t.accessToken,
      scope: t.scopes.join(' '),
      api_domain: apiDomain,
      token_type: 'Bearer',
      expires_in: t.expiresInSeconds,
    });
  }
  return tokenError('unsupported_grant_type');
}

/** `POST /oauth/v2/token/revoke?token=…` — a refresh token takes its access tokens with it. */
export function handleRevokeRequest(store: OAuthStore, body: Map<string, string>, query: URLSearchParams): EmulatorResponse {
  const token = param(body, query, 'token');
  if (token === undefined || token === '') return json(200, { error: 'invalid_request' });
  return store.revokeToken(token) ? json(200, { status: 'success' }) : json(200, { error: 'invalid_token' });
}
