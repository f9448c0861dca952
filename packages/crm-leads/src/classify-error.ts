/** What a run needs to know about an error thrown by a crm-core call. */
export interface ErrorInfo {
  code: string;
  message: string;
  status?: number;
  details: Record<string, unknown>;
  /**
   * True when the request may have reached Zoho and been applied although no answer arrived
   * (timeouts, resets, unreadable or 5xx responses). A 4xx answer means Zoho refused the request.
   * crm-core's `outcomeUnknown` decides when present; otherwise the code and status do.
   */
  outcomeUnknown: boolean;
}

const UNKNOWN_OUTCOME_CODES = new Set(['TIMEOUT', 'NETWORK_ERROR', 'BAD_RESPONSE']);
/** crm-core codes for calls refused before anything was sent. */
const NOT_SENT_CODES = new Set(['INVALID_INPUT', 'NOT_INITIALIZED', 'CALL_REFUSED']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

// Read structurally (crm-core's ZohoApiError has code, status, details) rather than by class, so a
// second copy of crm-core in node_modules or a test double classifies the same way.
export function classifyError(err: unknown): ErrorInfo {
  const e = isRecord(err) ? err : {};
  const code = typeof e['code'] === 'string' && e['code'] !== '' ? e['code'] : 'UNEXPECTED_ERROR';
  const status = typeof e['status'] === 'number' ? e['status'] : undefined;
  const message = err instanceof Error ? err.message : String(err);
  const details = isRecord(e['details']) ? { ...e['details'] } : {};
  let outcomeUnknown: boolean;
  // crm-core says so for writes: true when an attempt may have landed, false when none did.
  if (typeof e['outcomeUnknown'] === 'boolean') outcomeUnknown = e['outcomeUnknown'];
  else if (UNKNOWN_OUTCOME_CODES.has(code)) outcomeUnknown = true;
  else if (status !== undefined) outcomeUnknown = status >= 500;
  else outcomeUnknown = !NOT_SENT_CODES.has(code);
  return { code, message, details, outcomeUnknown, ...(status !== undefined ? { status } : {}) };
}
