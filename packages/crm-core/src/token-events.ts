import diagnostics from 'node:diagnostics_channel';

/** One request to Zoho's token endpoint made by this process (never the token, the grant or the body). */
export interface TokenRequestEvent {
  /** The HTTP status Zoho answered, or undefined when no answer came. */
  status: number | undefined;
  durationMs: number;
  /** The transport's error code when no answer came (`ECONNRESET`, `AbortError` …). */
  error: string | undefined;
}

// A channel rather than a callback on the runtime: the runtime (and its token store) is shared by
// every client of the process, and a plugin may subscribe before it exists.
const channel = diagnostics.channel('zcrmkit:crm-core:token-request');

export function publishTokenRequest(event: TokenRequestEvent): void {
  if (channel.hasSubscribers) channel.publish(event);
}

/** Tells `listener` of each token request the process makes from now on; returns the unsubscribe. */
export function onTokenRequest(listener: (event: TokenRequestEvent) => void): () => void {
  const handler = (message: unknown) => listener(message as TokenRequestEvent);
  channel.subscribe(handler);
  return () => void channel.unsubscribe(handler);
}
