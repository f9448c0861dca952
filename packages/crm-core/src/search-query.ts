// Its own file so that the public types (types.ts) name it without reaching search-records.ts,
// whose declarations lead to the SDK's types: a published .d.ts must not (skipLibCheck: false).
import type { Criteria } from './criteria.js';

/** What to search by: typed criteria, or one of Zoho's shortcut searches. */
export type SearchQuery = Criteria | { email: string } | { phone: string } | { word: string };
