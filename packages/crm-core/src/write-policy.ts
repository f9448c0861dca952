import type { Invocation } from './call-context.js';
import type { ZohoApiError } from './zoho-api-error.js';

/** A read can be sent again at no risk; a write sent twice may be applied twice. */
export type CallKind = 'read' | 'write';

/** Transport errors raised before a byte of the request could reach Zoho. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/**
 * Whether a failed attempt provably left Zoho's state alone: nothing was sent, the connection was
 * refused, Zoho throttled it (429) or refused the token (401), or it answered a 4xx, which Zoho
 * documents as "request not processed". A timeout after sending, a reset, a cut body or a 5xx say
 * nothing about whether a write landed.
 */
export function provablyNotProcessed(error: ZohoApiError, inv: Invocation): boolean {
  // The SDK may fetch metadata (GETs) inside a write's invocation; only a started write counts.
  if (!inv.started.some((request) => !request.startsWith('GET '))) return true;
  const transport = typeof error.details['errorCode'] === 'string' ? error.details['errorCode'] : undefined;
  if ((error.code === 'NETWORK_ERROR' || error.code === 'TIMEOUT') && transport !== undefined && NOT_CONNECTED.has(transport)) return true;
  if (error.code === 'TOO_MANY_REQUESTS' || error.code === 'INVALID_TOKEN') return true;
  if (error.code === 'TIMEOUT' || error.code === 'NETWORK_ERROR' || error.code === 'BAD_RESPONSE') return false;
  return error.status !== undefined && error.status >= 400 && error.status < 500;
}
