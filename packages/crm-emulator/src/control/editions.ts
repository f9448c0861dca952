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
