import { validateHeaderName, validateHeaderValue } from 'node:http';
import { INVOCATION_HEADER } from './call-context.js';
import type { CallKind } from './write-policy.js';
import { invalidOption } from './zoho-api-error.js';

/**
 * What a middleware sees of one call. One object per call: the `retry` step bumps `attempt` before
 * each attempt, and the steps after it run once per attempt.
 */
export interface CallContext {
  /** crm-core's operation, e.g. `updateRecords(Leads)`. */
  readonly operation: string;
  /** The module the call is about, when it is about one. */
  readonly module: string | undefined;
  /** `write` calls may change Zoho's state; crm-core never resends one whose answer was lost. */
  readonly kind: CallKind;
  /** crm-core's id of the call, as in its log lines and errors. */
  readonly requestId: string;
  /** Records (or ids) the call sends or asks for; undefined when it names none. */
  readonly records: number | undefined;
  /** Ends every wait of the call: the caller's signal and, under the `deadline` step, the call deadline. */
  signal: AbortSignal;
  /** 0 before the `retry` step, then 1 for the first attempt, 2 for the next … */
  attempt: number;
  /** Headers added to the call's CRM requests from now on (see CallHeaders). */
  readonly headers: CallHeaders;
  /** The HTTP status of the call's last CRM answer; undefined before the first. */
  status: number | undefined;
  /** What the built-in steps measured so far. */
  readonly stats: CallStats;
}

export interface CallStats {
  /** Requests the call sent for its own operation, retries included. */
  attempts: number;
  /** Attempts made again after a retryable failure (a token refresh is not counted). */
  retries: number;
  /** Time spent waiting for concurrency slots and call gates (e.g. the fleet's org-wide slots). */
  slotWaitMs: number;
  /** API credits call gates (e.g. the fleet's credit budget) spent on the call. */
  credits: number;
}

/**
 * A step of a call. It may change the context, call `next()` zero or more times, and return (or
 * throw) what the call should. Returning without `next()` short-circuits the steps after it; the
 * value must be what the operation returns (what an earlier `next()` resolved with, for a cache).
 */
export type Middleware = (ctx: CallContext, next: () => Promise<unknown>) => Promise<unknown>;

/** The built-in steps, outermost first (see README, "Middleware"). */
export const BUILTIN_STEPS = Object.freeze(['deadline', 'retry', 'slots', 'sdk'] as const);
export type BuiltinStep = (typeof BUILTIN_STEPS)[number];

export interface StepPosition {
  /** Run just outside this step. Default (neither given): just before `sdk`, so every attempt is seen. */
  before?: string;
  /** Run just inside this step. */
  after?: string;
}

// Headers crm-core or the SDK own: changing one would break the request or its accounting.
const RESERVED = new Set(['authorization', 'host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'expect', INVOCATION_HEADER.toLowerCase()]);

/** Headers a middleware adds to the call's CRM requests (not to token requests). */
export class CallHeaders {
  readonly #values = new Map<string, string>();

  /** Sets a header on every request the call sends from now on; reserved names and invalid values throw INVALID_OPTION. */
  set(name: string, value: string): this {
    const key = String(name).toLowerCase();
    if (RESERVED.has(key)) throw invalidOption('middleware', `[@zcrmkit/crm-core] the ${key} header belongs to crm-core or the SDK; a middleware cannot set it`);
    try {
      validateHeaderName(key);
      validateHeaderValue(key, value);
    } catch (err) {
      throw invalidOption('middleware', `[@zcrmkit/crm-core] header ${JSON.stringify(key)}: ${(err as Error).message}`);
    }
    this.#values.set(key, String(value));
    return this;
  }

  delete(name: string): boolean {
    return this.#values.delete(String(name).toLowerCase());
  }

  get(name: string): string | undefined {
    return this.#values.get(String(name).toLowerCase());
  }

  get size(): number {
    return this.#values.size;
  }

  entries(): IterableIterator<[string, string]> {
    return this.#values.entries();
  }
}

interface Entry {
  readonly name: string;
  step: Middleware;
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw invalidOption('middleware', '[@zcrmkit/crm-core] a middleware needs a non-empty name');
  return name;
}

function checkStep(name: string, step: unknown): Middleware {
  if (typeof step !== 'function') throw invalidOption('middleware', `[@zcrmkit/crm-core] middleware ${name} must be a function (ctx, next) => Promise`);
  return step as Middleware;
}

/**
 * A client's named steps, in order. Users add, remove and wrap steps by name; the `sdk` step (the
 * request itself) cannot be removed. Changes apply to calls that start afterwards.
 */
export class MiddlewareStack {
  #entries: Entry[];
  #compiled: readonly Middleware[] | undefined;

  constructor(builtins: Readonly<Record<BuiltinStep, Middleware>>) {
    this.#entries = BUILTIN_STEPS.map((name) => ({ name, step: builtins[name] }));
  }

  /** Adds `step` under `name` (unique), just before `sdk` unless a position is given. */
  use(name: string, step: Middleware, position: StepPosition = {}): this {
    checkName(name);
    checkStep(name, step);
    if (this.#index(name) >= 0) throw invalidOption('middleware', `[@zcrmkit/crm-core] a middleware named ${name} is already in the stack; remove it first`);
    if (position.before !== undefined && position.after !== undefined) throw invalidOption('middleware', `[@zcrmkit/crm-core] middleware ${name}: give before or after, not both`);
    const anchor = position.before ?? position.after ?? 'sdk';
    const at = this.#index(anchor);
    if (at < 0) throw invalidOption('middleware', `[@zcrmkit/crm-core] middleware ${name}: no step named ${anchor}; the steps are ${this.names().join(', ')}`);
    this.#entries.splice(position.after !== undefined ? at + 1 : at, 0, { name, step });
    this.#compiled = undefined;
    return this;
  }

  /** Removes a step (a built-in one too, except `sdk`); false when none has that name. */
  remove(name: string): boolean {
    if (name === 'sdk') throw invalidOption('middleware', '[@zcrmkit/crm-core] the sdk step sends the request; it cannot be removed');
    const at = this.#index(name);
    if (at < 0) return false;
    this.#entries.splice(at, 1);
    this.#compiled = undefined;
    return true;
  }

  /** Replaces the step `name` with `wrapper(step)`, e.g. to time or guard a built-in step. */
  wrap(name: string, wrapper: (step: Middleware) => Middleware): this {
    const at = this.#index(name);
    if (at < 0) throw invalidOption('middleware', `[@zcrmkit/crm-core] no step named ${name}; the steps are ${this.names().join(', ')}`);
    if (typeof wrapper !== 'function') throw invalidOption('middleware', `[@zcrmkit/crm-core] wrap(${name}): the wrapper must be a function (step) => middleware`);
    const entry = this.#entries[at] as Entry;
    entry.step = checkStep(name, wrapper(entry.step));
    this.#compiled = undefined;
    return this;
  }

  /** The step names, outermost first. */
  names(): string[] {
    return this.#entries.map((e) => e.name);
  }

  has(name: string): boolean {
    return this.#index(name) >= 0;
  }

  /** The steps as they run, outermost first (rebuilt only after a change). */
  steps(): readonly Middleware[] {
    return (this.#compiled ??= Object.freeze(this.#entries.map((e) => e.step)));
  }

  #index(name: string): number {
    return this.#entries.findIndex((e) => e.name === name);
  }
}

/** Runs `steps` from `from` on; each call of a step's `next()` runs the rest again (the retry step relies on that). */
export function runSteps(steps: readonly Middleware[], ctx: CallContext, from = 0): Promise<unknown> {
  const step = steps[from];
  if (!step) return Promise.reject(new Error('[@zcrmkit/crm-core] the middleware stack ended before the sdk step'));
  try {
    return Promise.resolve(step(ctx, () => runSteps(steps, ctx, from + 1)));
  } catch (err) {
    return Promise.reject(err);
  }
}
