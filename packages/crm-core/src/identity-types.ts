// Apart from identity.ts, which needs the SDK's types: the org profile's public types name these,
// and a published declaration must never reach the SDK's (it ships none).

/** The user the credential acts as (`GET /users?type=CurrentUser`). */
export interface CurrentUser {
  email: string;
  id: string | undefined;
}

/** The org (`GET /org`). */
export interface OrgInfo {
  id: string;
  name: string;
}
