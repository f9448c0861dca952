/**
 * Zoho CRM's concurrency limit — API calls one org may have active at once — per edition, as
 * published in Zoho's "API Limits" page of the v8 developer docs (see the README for the source).
 */
export const EDITION_CONCURRENCY = Object.freeze({
  free: 5,
  standard: 10,
  professional: 15,
  enterprise: 20,
  ultimate: 25,
});

export type ZohoEdition = keyof typeof EDITION_CONCURRENCY;

/** The edition an emulator plays unless told otherwise. */
export const DEFAULT_EDITION: ZohoEdition = 'enterprise';

export function isEdition(value: unknown): value is ZohoEdition {
  return typeof value === 'string' && Object.hasOwn(EDITION_CONCURRENCY, value);
}

/**
 * API credits an org has in any rolling 24 hours: 50,000 plus so many per user licence (Free: a flat
 * 5,000), from Zoho's "API Limits" page; each CRM call spends at least one.
 */
const CREDITS_PER_USER = Object.freeze({ free: 0, standard: 250, professional: 500, enterprise: 1000, ultimate: 2000 });

export function editionCredits(edition: ZohoEdition, users: number): number {
  return edition === 'free' ? 5000 : 50_000 + users * CREDITS_PER_USER[edition];
}

/** Heavy calls (long lists sorted or by custom view, writes of more than 10 records) allowed at once on every edition. */
export const SUB_CONCURRENCY = 10;
