/**
 * The names this plugin emits. OpenTelemetry's HTTP client conventions where they fit
 * (`http.response.status_code`, `error.type`); the rest under `zoho.crm.*`. A call is a logical
 * operation that may make several HTTP requests (retries), so its span is not an HTTP span.
 */
export const ATTR = Object.freeze({
  operation: 'zoho.crm.operation',
  module: 'zoho.crm.module',
  kind: 'zoho.crm.call.kind',
  requestId: 'zoho.crm.request_id',
  records: 'zoho.crm.records',
  recordsFailed: 'zoho.crm.records.failed',
  attempts: 'zoho.crm.attempts',
  retries: 'zoho.crm.retries',
  outcome: 'zoho.crm.outcome',
  slotWaitMs: 'zoho.crm.slot.wait_ms',
  credits: 'zoho.crm.credits',
  attempt: 'zoho.crm.attempt',
  statusCode: 'http.response.status_code',
  errorType: 'error.type',
});

export const METRIC = Object.freeze({
  calls: 'zoho.crm.calls',
  callDuration: 'zoho.crm.call.duration',
  rateLimited: 'zoho.crm.rate_limited',
  retries: 'zoho.crm.retries',
  tokenRequests: 'zoho.crm.token.requests',
  slotWait: 'zoho.crm.slot.wait',
  credits: 'zoho.crm.credits',
});

/** The span event of each attempt after the first. */
export const RETRY_EVENT = 'zoho.crm.retry';
