/** Zoho's per-request limits for the calls crm-core makes. */
export const MAX_IDS_PER_CALL = 100;
export const MAX_FIELDS_PER_CALL = 50;
export const MAX_RECORDS_PER_UPDATE = 100;

/** Records a write may carry before Zoho counts it against its sub-concurrency (a heavy call). */
export const HEAVY_WRITE_RECORDS = 10;
