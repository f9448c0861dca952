/** Zoho's per-request limits for the calls crm-core makes. */
export const MAX_IDS_PER_CALL = 100;
export const MAX_FIELDS_PER_CALL = 50;
export const MAX_RECORDS_PER_UPDATE = 100;
