// The SDK FileStore's CSV, exactly: a header line, one comma-separated line per token, no quoting,
// "\n" between lines and none at the end, empty fields for absent values, expiry in epoch ms.
import { ZcrmkitError } from '@zcrmkit/config';
import { invalidOption } from './auth-error.js';

export const STORE_COLUMNS = [
  'id',
  'user_name',
  'client_id',
  'client_secret',
  'refresh_token',
  'access_token',
  'grant_token',
  'expiry_time',
  'redirect_url',
  'api_domain',
] as const;

export const STORE_HEADER = STORE_COLUMNS.join(',');
/** Files written by SDK versions before api_domain existed; the SDK upgrades them, so do we. */
const LEGACY_HEADER = STORE_COLUMNS.slice(0, 9).join(',');

/** One line of the store. Absent values are empty strings, as in the file. */
export interface StoreRow {
  id: string;
  userName: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  accessToken: string;
  grantToken: string;
  expiryTime: string;
  redirectUrl: string;
  apiDomain: string;
}

const KEYS: readonly (keyof StoreRow)[] = [
  'id',
  'userName',
  'clientId',
  'clientSecret',
  'refreshToken',
  'accessToken',
  'grantToken',
  'expiryTime',
  'redirectUrl',
  'apiDomain',
];

/** Why a file is not a token store; says where, never what the line holds. */
export class StoreFormatError extends ZcrmkitError {
  override readonly name = 'StoreFormatError';
  declare readonly code: 'STORE_CORRUPT';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super('STORE_CORRUPT', `line ${line}: ${reason}`);
  }
}

export function emptyRow(): StoreRow {
  return { id: '', userName: '', clientId: '', clientSecret: '', refreshToken: '', accessToken: '', grantToken: '', expiryTime: '', redirectUrl: '', apiDomain: '' };
}

/** Parses a store file's text. An empty file is an empty store (the SDK treats it the same way). */
export function parseStore(text: string): StoreRow[] {
  if (text.trim() === '') return [];
  if (text.includes('\0')) throw new StoreFormatError(1, 'the file holds binary data');
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const header = lines[0]?.trim();
  if (header !== STORE_HEADER && header !== LEGACY_HEADER) throw new StoreFormatError(1, `the header is not "${STORE_HEADER}"`);
  const width = header === STORE_HEADER ? STORE_COLUMNS.length : STORE_COLUMNS.length - 1;
  const rows: StoreRow[] = [];
  lines.forEach((line, index) => {
    if (index === 0 || line.trim() === '') return;
    const fields = line.split(',');
    if (fields.length !== width) throw new StoreFormatError(index + 1, `${fields.length} fields instead of ${width}`);
    const row = emptyRow();
    KEYS.forEach((key, i) => {
      row[key] = fields[i] ?? '';
    });
    rows.push(row);
  });
  return rows;
}

/** Serializes rows; throws an AuthError INVALID_OPTION for a value the format cannot hold (comma, line break). */
export function serializeStore(rows: readonly StoreRow[]): string {
  const lines = [STORE_HEADER];
  for (const row of rows) {
    for (const key of KEYS) {
      if (/[,\r\n]/.test(row[key])) throw invalidOption(`the token store cannot hold a ${key} value containing a comma or line break`);
    }
    lines.push(KEYS.map((key) => row[key]).join(','));
  }
  return lines.join('\n');
}

/** The SDK's id scheme: one more than the largest numeric id. */
export function nextId(rows: readonly StoreRow[]): string {
  let max = 0;
  for (const row of rows) {
    const n = Number.parseInt(row.id, 10);
    if (Number.isFinite(n) && n > max) max = n;
  }
  return String(max + 1);
}

/** Expiry in epoch ms; 0 (long expired) when absent or unreadable, e.g. the SDK's "NaN". */
export function expiryOf(row: StoreRow): number {
  const n = /^\d+$/.test(row.expiryTime) ? Number(row.expiryTime) : Number.NaN;
  return Number.isFinite(n) ? n : 0;
}
