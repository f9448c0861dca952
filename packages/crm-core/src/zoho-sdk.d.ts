// Typings for the parts of @zohocrm/nodejs-sdk-8.0 (2.0.0) that crm-core uses. The SDK ships no
// .d.ts. These names stay internal: no public signature of crm-core mentions them, so consumers
// never need this file. Response objects are typed loosely (`unknown`) on purpose and narrowed
// with duck-typed guards in sdk-response.ts, because each API area has its own APIException class.

declare module '@zohocrm/nodejs-sdk-8.0' {
  export class Environment {
    constructor(url: string, accountsUrl: string, fileUploadUrl: string);
    getUrl(): string;
    getAccountsUrl(): string;
    getFileUploadUrl(): string;
  }

  export class UserSignature {
    constructor(name: string);
    getName(): string;
  }

  export class OAuthToken {
    constructor();
    getId(): string | null;
    setId(id: string | null): void;
    getClientId(): string | null;
    setClientId(clientId: string | null): void;
    getClientSecret(): string | null;
    setClientSecret(clientSecret: string | null): void;
    getRefreshToken(): string | null;
    setRefreshToken(refreshToken: string | null): void;
    getAccessToken(): string | null;
    setAccessToken(accessToken: string | null): void;
    getGrantToken(): string | null;
    setGrantToken(grantToken: string | null): void;
    getExpiresIn(): string | null;
    setExpiresIn(expiresIn: string | null): void;
    getRedirectURL(): string | null;
    setRedirectURL(redirectUrl: string | null): void;
    getAPIDomain(): string | null;
    setAPIDomain(apiDomain: string | null): void;
    getUserSignature(): UserSignature | null;
    setUserSignature(signature: UserSignature | null): void;
  }

  export class OAuthBuilder {
    clientId(clientId: string): this;
    clientSecret(clientSecret: string): this;
    refreshToken(refreshToken: string): this;
    findUser(findUser: boolean): this;
    userSignature(signature: UserSignature): this;
    build(): OAuthToken;
  }

  // `import * as TokenStore from ".../token_store.js"` at the SDK's root: a namespace.
  export namespace TokenStore {
    class TokenStore {
      findToken(token: OAuthToken): Promise<OAuthToken | null>;
      findTokenById(id: string): Promise<OAuthToken>;
      saveToken(token: OAuthToken): Promise<void>;
      deleteToken(id: string): Promise<void>;
      getTokens(): Promise<OAuthToken[]>;
      deleteTokens(): Promise<void>;
    }
  }

  export class SDKConfig {
    getTimeout(): number;
  }

  export class SDKConfigBuilder {
    autoRefreshFields(autoRefreshFields: boolean): this;
    pickListValidation(pickListValidation: boolean): this;
    /** Milliseconds per HTTP request; 0 (the default) means none. */
    timeout(timeout: number): this;
    updateAPIDomain(updateAPIDomain: boolean): this;
    build(): SDKConfig;
  }

  export class Logger {
    getLevel(): string;
    getFilePath(): string | null;
  }

  export class LogBuilder {
    level(level: string): this;
    filePath(filePath: string | null): this;
    build(): Logger;
  }

  export class Levels {
    static readonly INFO: string;
    static readonly DEBUG: string;
    static readonly WARN: string;
    static readonly VERBOSE: string;
    static readonly ERROR: string;
    static readonly SILLY: string;
    static readonly OFF: string;
  }

  export interface InitializeBuilderInstance {
    environment(environment: Environment): this;
    token(token: OAuthToken): this;
    store(store: TokenStore.TokenStore): this;
    SDKConfig(config: SDKConfig): this;
    resourcePath(path: string): this;
    logger(logger: Logger): this;
    initialize(): Promise<void>;
  }

  /** Its constructor returns a Promise of the builder: `await new InitializeBuilder()`. */
  /** Only the static file reader crm-core memoises (sdk-json-memo.ts). */
  export class Initializer {
    static getJSON(filePath: string): unknown;
    /** The class metadata of lib/config/json_details.json; initialize() parses it when unset. */
    static jsonDetails: unknown;
  }
  export const InitializeBuilder: new () => Promise<InitializeBuilderInstance>;

  export class Param {
    getName(): string;
  }

  export class ParameterMap {
    add(param: Param, value: unknown): Promise<void>;
  }

  export class Header {
    constructor(name: string, className?: string | null);
    getName(): string;
  }

  export class HeaderMap {
    add(header: Header, value: unknown): Promise<void>;
  }

  export class Choice<T = unknown> {
    constructor(value: T);
    getValue(): T;
  }

  export class APIResponse {
    getStatusCode(): number;
    getHeaders(): Map<string, string>;
    /** A model object, null (204), or — for bodies the SDK cannot parse — a Promise that rejects. */
    getObject(): unknown;
    getResponseJSON(): unknown;
  }

  export class SDKException extends Error {
    code: string | null;
    details: unknown;
    cause: unknown;
  }

  export namespace Record {
    class Record {
      getId(): bigint | null;
      setId(id: bigint): void;
      addKeyValue(apiName: string, value: unknown): void;
      getKeyValue(apiName: string): unknown;
      getKeyValues(): Map<string, unknown>;
    }
    class BodyWrapper {
      setData(data: Record[]): void;
      setTrigger(trigger: string[]): void;
    }
    class RecordOperations {
      constructor(moduleAPIName: string);
      getRecords(params?: ParameterMap | null, headers?: HeaderMap | null): Promise<APIResponse>;
      updateRecords(body: BodyWrapper, headers?: HeaderMap | null): Promise<APIResponse>;
      searchRecords(params?: ParameterMap | null, headers?: HeaderMap | null): Promise<APIResponse>;
    }
    class GetRecordsParam {
      static readonly IDS: Param;
      static readonly FIELDS: Param;
      static readonly PAGE: Param;
      static readonly PER_PAGE: Param;
      static readonly PAGE_TOKEN: Param;
      static readonly SORT_BY: Param;
      static readonly SORT_ORDER: Param;
    }
    class GetRecordsHeader {
      static readonly IF_MODIFIED_SINCE: Header;
    }
    class SearchRecordsParam {
      static readonly CRITERIA: Param;
      static readonly EMAIL: Param;
      static readonly PHONE: Param;
      static readonly WORD: Param;
      static readonly FIELDS: Param;
      static readonly PAGE: Param;
      static readonly PER_PAGE: Param;
    }
  }

  export namespace Fields {
    class FieldsOperations {
      getFields(params?: ParameterMap | null): Promise<APIResponse>;
    }
    class GetFieldsParam {
      static readonly MODULE: Param;
    }
  }

  export namespace Layouts {
    class LayoutsOperations {
      getLayouts(params?: ParameterMap | null): Promise<APIResponse>;
    }
    class GetLayoutsParam {
      static readonly MODULE: Param;
    }
  }

  export namespace Users {
    class UsersOperations {
      getUsers(params?: ParameterMap | null, headers?: HeaderMap | null): Promise<APIResponse>;
    }
    class GetUsersParam {
      static readonly TYPE: Param;
    }
    class MinifiedUser {
      setId(id: bigint): void;
      getId(): bigint | null;
    }
  }

  export namespace Org {
    class OrgOperations {
      getOrganization(): Promise<APIResponse>;
    }
  }
}
