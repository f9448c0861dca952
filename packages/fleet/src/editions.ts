import type { ZohoEdition } from '@zcrmkit/config';

/** Zoho's concurrent-call limit per org by edition (API limits page, Nov 2026). */
export const EDITION_CONCURRENCY: Readonly<Record<ZohoEdition, number>> = { free: 5, standard: 10, professional: 15, enterprise: 20, ultimate: 25 };

/**
 * The credits per rolling 24 h every org of the edition has at least: Free 5,000, the others
 * 50,000 plus an amount per user license that zcrmkit cannot know. Set ZOHO_CREDIT_BUDGET for
 * the real figure.
 */
export const EDITION_BASE_CREDITS: Readonly<Record<ZohoEdition, number>> = { free: 5_000, standard: 50_000, professional: 50_000, enterprise: 50_000, ultimate: 50_000 };
