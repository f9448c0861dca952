export { ZohoTokenStore, DEFAULT_REFRESH_MARGIN_MS, DEFAULT_LOCK_STALE_MS, DEFAULT_LOCK_TIMEOUT_MS, type AccessToken, type TokenStoreOptions } from './zoho-token-store.js';
export { TokenClient, DEFAULT_REQUEST_TIMEOUT_MS, type TokenClientOptions } from './token-client.js';
export type { CodeGrant, TokenGrant } from './token-response.js';
export { AuthError, isAuthError, type AuthErrorCode, type AuthOperation } from './auth-error.js';
export { silentLogger, type AuthLogger } from './logger.js';
export { StoredToken, StoredUserSignature, type SdkTokenLike, type UserSignatureLike } from './sdk-token.js';
export { exchangeGrant, type ExchangeGrantOptions, type ExchangeGrantResult } from './exchange-grant.js';
export { REQUIRED_SCOPES, missingScopes } from './required-scopes.js';
