import { context, metrics, SpanKind, SpanStatusCode, trace, type Attributes, type MeterProvider, type Span, type TracerProvider } from '@opentelemetry/api';
import type { CallContext, Middleware, ZohoPlugin } from '@zcrmkit/crm-core';
import { ATTR, METRIC, RETRY_EVENT } from './semantic.js';

export interface OtelOptions {
  /** Default: the global tracer provider (`trace.getTracerProvider()`), i.e. what the service registered. */
  tracerProvider?: TracerProvider;
  /** Default: the global meter provider (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
  /** The plugin's name in the client (two clients may each have one). Default: `otel`. */
  name?: string;
}

const SCOPE = '@zcrmkit/otel';

/** `getRecords(Leads)` → `getRecords`. */
function operationName(operation: string): string {
  const paren = operation.indexOf('(');
  return paren < 0 ? operation : operation.slice(0, paren);
}

/** What the call's error says, read structurally (crm-core's ZohoApiError or a middleware's own error). */
function errorFacts(error: unknown): { type: string; status: number | undefined; outcomeUnknown: boolean } {
  const e = (error ?? {}) as { code?: unknown; status?: unknown; outcomeUnknown?: unknown; name?: unknown };
  const type = typeof e.code === 'string' && e.code !== '' ? e.code : typeof e.name === 'string' && e.name !== '' ? e.name : '_OTHER';
  return { type, status: typeof e.status === 'number' ? e.status : undefined, outcomeUnknown: e.outcomeUnknown === true };
}

/** Records an update call answered as failed, when its value is crm-core's per-record results. */
function failedRecords(value: unknown): number | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  let failed = 0;
  for (const item of value) {
    const status = (item as { status?: unknown } | null)?.status;
    if (status !== 'success' && status !== 'error') return undefined;
    if (status === 'error') failed++;
  }
  return failed;
}

/**
 * OpenTelemetry for every call a crm-core client makes: a CLIENT span per call (retries as
 * events), and metrics for calls, 429s, retries, token requests, slot waits and credits. Never a
 * token, a secret, a query value or a record value: only names, counts, codes and statuses.
 */
export function otel(options: OtelOptions = {}): ZohoPlugin {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
  const calls = meter.createCounter(METRIC.calls, { description: 'Calls to the Zoho CRM API, by operation, module and outcome', unit: '{call}' });
  const callDuration = meter.createHistogram(METRIC.callDuration, { description: 'Duration of calls, retries and waits included', unit: 's' });
  const rateLimited = meter.createCounter(METRIC.rateLimited, { description: 'Answers of HTTP 429 (too many requests)', unit: '{response}' });
  const retries = meter.createCounter(METRIC.retries, { description: 'Attempts made again after a retryable failure or a refused token', unit: '{attempt}' });
  const tokenRequests = meter.createCounter(METRIC.tokenRequests, { description: "Requests to Zoho's token endpoint", unit: '{request}' });
  const slotWait = meter.createHistogram(METRIC.slotWait, { description: 'Time a call waited for concurrency slots and call gates (e.g. the fleet)', unit: 's' });
  const credits = meter.createCounter(METRIC.credits, { description: 'API credits call gates spent (e.g. the fleet credit budget)', unit: '{credit}' });
  const spans = new WeakMap<CallContext, { span: Span; lastError: string | undefined; lastStatus: number | undefined }>();
  let unsubscribe: (() => void) | undefined;

  const callStep: Middleware = async (ctx, next) => {
    const base: Attributes = { [ATTR.operation]: operationName(ctx.operation) };
    if (ctx.module !== undefined) base[ATTR.module] = ctx.module;
    const started = performance.now();
    const span = tracer.startSpan(ctx.module ? `${base[ATTR.operation] as string} ${ctx.module}` : (base[ATTR.operation] as string), {
      kind: SpanKind.CLIENT,
      attributes: { ...base, [ATTR.kind]: ctx.kind, [ATTR.requestId]: ctx.requestId, ...(ctx.records !== undefined ? { [ATTR.records]: ctx.records } : {}) },
    });
    const state = { span, lastError: undefined as string | undefined, lastStatus: undefined as number | undefined };
    spans.set(ctx, state);
    let outcome = 'ok';
    try {
      // The call's HTTP requests (if an HTTP instrumentation is on) become children of this span.
      const value = await context.with(trace.setSpan(context.active(), span), next);
      const failed = failedRecords(value);
      if (failed !== undefined) {
        span.setAttribute(ATTR.recordsFailed, failed);
        if (failed > 0) outcome = failed === (value as unknown[]).length ? 'refused' : 'partial';
      }
      return value;
    } catch (error) {
      const facts = errorFacts(error);
      outcome = facts.outcomeUnknown ? 'unknown' : 'error';
      span.setAttribute(ATTR.errorType, facts.type);
      // The code, never the message: a message may quote what the server echoed back.
      span.setStatus({ code: SpanStatusCode.ERROR, message: facts.type });
      throw error;
    } finally {
      const stats = ctx.stats;
      span.setAttributes({ [ATTR.attempts]: stats.attempts, [ATTR.retries]: stats.retries, [ATTR.outcome]: outcome, [ATTR.slotWaitMs]: stats.slotWaitMs, [ATTR.credits]: stats.credits });
      if (ctx.status !== undefined) span.setAttribute(ATTR.statusCode, ctx.status);
      span.end();
      const attrs: Attributes = { ...base, [ATTR.outcome]: outcome };
      calls.add(1, attrs);
      callDuration.record((performance.now() - started) / 1000, attrs);
      slotWait.record(stats.slotWaitMs / 1000, base);
      if (stats.credits > 0) credits.add(stats.credits, base);
    }
  };

  // Just inside the retry step: once per attempt, so every 429 and retry is seen.
  const attemptStep: Middleware = async (ctx, next) => {
    const state = spans.get(ctx);
    if (state && ctx.attempt > 1) {
      state.span.addEvent(RETRY_EVENT, {
        [ATTR.attempt]: ctx.attempt,
        ...(state.lastStatus !== undefined ? { [ATTR.statusCode]: state.lastStatus } : {}),
        ...(state.lastError !== undefined ? { [ATTR.errorType]: state.lastError } : {}),
      });
      retries.add(1, { [ATTR.operation]: operationName(ctx.operation), ...(state.lastError !== undefined ? { [ATTR.errorType]: state.lastError } : {}) });
    }
    try {
      return await next();
    } catch (error) {
      const facts = errorFacts(error);
      const status = facts.status ?? ctx.status;
      if (state) {
        state.lastError = facts.type;
        state.lastStatus = status;
      }
      if (status === 429) rateLimited.add(1, { [ATTR.operation]: operationName(ctx.operation) });
      throw error;
    }
  };

  return {
    name: options.name ?? 'otel',
    setup(host) {
      host.middleware.use('otel', callStep, { before: 'deadline' });
      host.middleware.use('otel-attempt', attemptStep, { after: 'retry' });
      unsubscribe = host.onTokenRequest((event) => {
        tokenRequests.add(1, event.status !== undefined ? { [ATTR.statusCode]: event.status } : { [ATTR.errorType]: event.error ?? '_OTHER' });
      });
    },
    close() {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}
