// The few parts of the Zoho SDK (which ships no typings) that this package's tests touch.
declare module '@zohocrm/nodejs-sdk-8.0' {
  export class UserSignature {
    constructor(name: string);
    getName(): string;
  }
  export class OAuthToken {
    constructor(
      clientID?: string | null,
      clientSecret?: string | null,
      grantToken?: string | null,
      refreshToken?: string | null,
      redirectURL?: string | null,
      id?: string | null,
      accessToken?: string | null,
      userSignature?: UserSignature | null,
      findUser?: boolean,
    );
    getId(): string | null | undefined;
    setId(id: string | null | undefined): void;
    getUserSignature(): UserSignature | null | undefined;
    setUserSignature(signature: unknown): void;
    getClientId(): string | null | undefined;
    setClientId(value: string | null | undefined): void;
    getClientSecret(): string | null | undefined;
    setClientSecret(value: string | null | undefined): void;
    getRefreshToken(): string | null | undefined;
    setRefreshToken(value: string | null | undefined): void;
    getAccessToken(): string | null | undefined;
    setAccessToken(value: string | null | undefined): void;
    getGrantToken(): string | null | undefined;
    setGrantToken(value: string | null | undefined): void;
    getExpiresIn(): string | null | undefined;
    setExpiresIn(value: string | null | undefined): void;
    getRedirectURL(): string | null | undefined;
    setRedirectURL(value: string | null | undefined): void;
    getAPIDomain(): string | null | undefined;
    setAPIDomain(value: string | null | undefined): void;
    /** True when the token expires within 5 s: the SDK then refreshes it itself. */
    getTokenExpiry(token: OAuthToken): boolean;
  }
  export class FileStore {
    constructor(filePath: string);
    findToken(token: OAuthToken): Promise<OAuthToken | null>;
    saveToken(token: OAuthToken): Promise<void>;
    getTokens(): Promise<OAuthToken[]>;
    findTokenById(id: string): Promise<OAuthToken>;
    deleteToken(id: string): Promise<void>;
    deleteTokens(): void;
  }

  // For the end-to-end test that initializes the SDK with this package's store.
  export namespace TokenStore {
    class TokenStore {
      findToken(token: unknown): unknown;
      findTokenById(id: string): unknown;
      saveToken(token: unknown): unknown;
      deleteToken(id: string): unknown;
      getTokens(): unknown;
      deleteTokens(): unknown;
    }
  }
  export class Environment {
    constructor(url: string, accountsUrl: string, fileUploadUrl: string);
  }
  export class OAuthBuilder {
    clientId(value: string): OAuthBuilder;
    clientSecret(value: string): OAuthBuilder;
    refreshToken(value: string): OAuthBuilder;
    build(): OAuthToken;
  }
  export class SDKConfig {}
  export class SDKConfigBuilder {
    timeout(ms: number): SDKConfigBuilder;
    build(): SDKConfig;
  }
  export const Levels: { OFF: string };
  export class Logger {}
  export class LogBuilder {
    level(level: string): LogBuilder;
    filePath(path: string | null): LogBuilder;
    build(): Logger;
  }
  export class InitializeBuilder {
    environment(environment: Environment): InitializeBuilder;
    token(token: OAuthToken): InitializeBuilder;
    store(store: TokenStore.TokenStore): InitializeBuilder;
    SDKConfig(config: SDKConfig): InitializeBuilder;
    logger(logger: Logger): InitializeBuilder;
    resourcePath(path: string): InitializeBuilder;
    initialize(): Promise<void>;
  }
  export class ParameterMap {
    add(param: unknown, value: unknown): Promise<void>;
  }
  export interface APIResponse {
    getStatusCode(): number;
  }
  export namespace Record {
    class RecordOperations {
      constructor(module: string);
      getRecord(id: bigint, params?: ParameterMap): Promise<APIResponse>;
    }
    const GetRecordParam: { FIELDS: unknown };
  }
}
