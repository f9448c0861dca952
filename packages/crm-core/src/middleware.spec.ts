import { describe, expect, it } from '@jest/globals';
import { CallHeaders, MiddlewareStack, runSteps, type CallContext, type Middleware } from './middleware.js';

// Pure ordering logic: each step records its name on the way in and out.
function tracer(trace: string[], name: string): Middleware {
  return async (_ctx, next) => {
    trace.push(`>${name}`);
    try {
      return await next();
    } finally {
      trace.push(`<${name}`);
    }
  };
}

function stackWith(trace: string[]): MiddlewareStack {
  const sdk: Middleware = async () => (trace.push('sdk'), 'answer');
  return new MiddlewareStack({ deadline: tracer(trace, 'deadline'), retry: tracer(trace, 'retry'), slots: tracer(trace, 'slots'), sdk });
}

const ctx = (): CallContext => ({ operation: 'op', module: undefined, kind: 'read', requestId: 'r', records: undefined, signal: new AbortController().signal, attempt: 0, headers: new CallHeaders(), status: undefined, stats: { attempts: 0, retries: 0, slotWaitMs: 0, credits: 0 } });

describe('MiddlewareStack', () => {
  it('runs outermost first; use() defaults to just before sdk, before/after place by name', async () => {
    const trace: string[] = [];
    const stack = stackWith(trace).use('a', tracer(trace, 'a')).use('b', tracer(trace, 'b'), { before: 'deadline' }).use('c', tracer(trace, 'c'), { after: 'retry' });
    expect(stack.names()).toEqual(['b', 'deadline', 'retry', 'c', 'slots', 'a', 'sdk']);
    await expect(runSteps(stack.steps(), ctx())).resolves.toBe('answer');
    expect(trace).toEqual(['>b', '>deadline', '>retry', '>c', '>slots', '>a', 'sdk', '<a', '<slots', '<c', '<retry', '<deadline', '<b']);
  });

  it('wrap replaces a step with what the wrapper makes of it; remove drops it', async () => {
    const trace: string[] = [];
    const stack = stackWith(trace).wrap('slots', (step) => async (c, next) => (trace.push('wrapped'), step(c, next)));
    expect(stack.remove('retry')).toBe(true);
    expect(stack.remove('retry')).toBe(false);
    await runSteps(stack.steps(), ctx());
    expect(trace).toEqual(['>deadline', 'wrapped', '>slots', 'sdk', '<slots', '<deadline']);
  });

  it('a step that does not call next short-circuits the rest; a sync throw becomes a rejection', async () => {
    const trace: string[] = [];
    const stack = stackWith(trace).use('cache', async () => 'cached', { after: 'deadline' });
    await expect(runSteps(stack.steps(), ctx())).resolves.toBe('cached');
    expect(trace).toEqual(['>deadline', '<deadline']);
    const throwing = stackWith([]).use('sync', (() => {
      throw new Error('sync');
    }) as unknown as Middleware);
    await expect(runSteps(throwing.steps(), ctx())).rejects.toThrow('sync');
  });

  it('headers: reserved names and invalid values are refused; names are case-insensitive', () => {
    const headers = new CallHeaders();
    headers.set('X-A', '1');
    expect(headers.get('x-a')).toBe('1');
    for (const name of ['Authorization', 'Host', 'Content-Length', 'X-Zcrmkit-Invocation']) expect(() => headers.set(name, 'x')).toThrow(/belongs to crm-core or the SDK/);
    expect(() => headers.set('X-B', 'a\r\nInjected: 1')).toThrow(/header "x-b"/);
    expect(() => headers.set('bad name', '1')).toThrow(/header "bad name"/);
  });
});
