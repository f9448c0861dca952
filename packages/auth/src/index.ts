export { ZohoTokenStore, DEFAULT_REFRESH_MARGIN_MS, DEFAULT_LOCK_STALE_MS, DEFAULT_LOCK_TIMEOUT_MS, type AccessToken, type TokenStoreOptions } from './zoho-token-store.js';
export { TokenClient, DEFAULT_REQUEST_TIMEOUT_MS, type TokenClientOptions } from './token-client.js';
export type { CodeGrant, TokenGrant } from './token-response.js';
export type { GrantSource, GrantRequest } from './grant-source.js';
export { AuthError, isAuthError, type AuthErrorCode, type AuthOperation } from './auth-error.js';
export { silentLogger, type AuthLogger } from './logger.js';
export { StoredToken, StoredUserSignature, type SdkTokenLike, type UserSignatureLike } from './sdk-token.js';
export { DEFAULT_ACCESS_DENIED_WAIT_MS } from './access-denied-file.js';
export { exchangeGrant, type ExchangeGrantOptions, type ExchangeGrantResult } from './exchange-grant.js';
export { REQUIRED_SCOPES, missingScopes } from './required-scopes.js';
// File safety moved to @zcrmkit/safe-fs; these names stay here for existing importers.
export {
  /** @deprecated import from @zcrmkit/safe-fs */
  writeFileAtomic,
  /** @deprecated import from @zcrmkit/safe-fs */
  writeFileAtomicSync,
  /** @deprecated import from @zcrmkit/safe-fs */
  openAtomicFileSync,
  /** @deprecated import from @zcrmkit/safe-fs */
  type AtomicFileSync,
  /** @deprecated import from @zcrmkit/safe-fs */
  type FileLockOptions,
  /** @deprecated import from @zcrmkit/safe-fs */
  type HeldLock,
  /** @deprecated import from @zcrmkit/safe-fs */
  ensurePrivateDirectory,
  /** @deprecated import from @zcrmkit/safe-fs */
  openOwnFileForAppendSync,
  /** @deprecated import from @zcrmkit/safe-fs */
  UnsafePathError,
  /** @deprecated import from @zcrmkit/safe-fs */
  type DirectoryRules,
} from '@zcrmkit/safe-fs';
/**
 * @deprecated import withFileLock from @zcrmkit/safe-fs (which throws SafeFsError); this one
 * still throws AuthError LOCK_FAILED and STORE_IO, as before the move.
 */
export { withStoreLock as withFileLock } from './store-lock.js';
