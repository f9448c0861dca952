import type { Random } from './random.js';

const HEX = '0123456789abcdef';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

// Shapes of Zoho's identifiers. Other packages validate them, so they must match exactly.
export const CLIENT_ID_PATTERN = /^1000\.[A-Z0-9]{30}$/;
export const CLIENT_SECRET_PATTERN = /^[a-f0-9]{42}$/;
export const TOKEN_PATTERN = /^1000\.[a-f0-9]{32}\.[a-f0-9]{32}$/;
export const RECORD_ID_PATTERN = /^[0-9]{19}$/;

export function mintClientId(random: Random): string {
  return `1000.${random.chars(UPPER_ALNUM, 30)}`;
}

export function mintClientSecret(random: Random): string {
  return random.chars(HEX, 42);
}

/** Access tokens, refresh tokens and grant codes share one shape on Zoho. */
export function mintToken(random: Random): string {
  return `1000.${random.chars(HEX, 32)}.${random.chars(HEX, 32)}`;
}

/** Zoho ids are 19-digit numbers (too big for a JS number): an org prefix plus a growing serial. */
export const ORG_ID_PREFIX = '6051205000000';
const ORG_ID_BASE = BigInt(`${ORG_ID_PREFIX}000000`);

export class RecordIdSequence {
  private serial: number;

  constructor(
    private readonly random: Random,
    start = 100_000,
  ) {
    this.serial = start;
  }

  next(): string {
    // Zoho's serials grow with gaps; the gaps keep tests from guessing neighbouring ids. Past a
    // million the serial carries into the prefix, so ids stay 19 digits at any data size.
    this.serial += this.random.int(1, 40);
    return (ORG_ID_BASE + BigInt(this.serial)).toString();
  }
}
