import { describe, expect, it } from '@jest/globals';
import { enterContext, invocationContext, leaveContext, loggingInvocation, newInvocation, tagInvocation, untagInvocation, type Invocation } from './call-context.js';
import { CoreLog } from './core-log.js';
import { Redactor } from './redact.js';
import { MemoryLogger } from './test-support/memory-logger.js';

function inv(requestId: string): Invocation {
  return newInvocation({ requestId, operation: 'test', log: new CoreLog(new MemoryLogger(), new Redactor()) });
}

describe('call context', () => {
  it('keeps the invocation across awaits inside enterContext, and switches the async context off once no invocation runs in it', async () => {
    const a = inv('r-a');
    const seen = await enterContext(a, async () => {
      await new Promise((r) => setTimeout(r, 1));
      return invocationContext.getStore();
    });
    expect(seen).toBe(a);
    leaveContext();
    // Disabled: no store anywhere, and the promise hooks are off again.
    expect(invocationContext.getStore()).toBeUndefined();
    const b = inv('r-b');
    const again = await enterContext(b, async () => {
      await null;
      return invocationContext.getStore();
    });
    leaveContext();
    expect(again).toBe(b);
  });

  it('gives the SDK log lines of tagged invocations a target, naming the request only when it is the only one', () => {
    expect(loggingInvocation()).toBeUndefined();
    const a = inv('r-a');
    const b = inv('r-b');
    const tagA = tagInvocation(a);
    expect(loggingInvocation()).toEqual({ inv: a, sole: true });
    const tagB = tagInvocation(b);
    expect(loggingInvocation()?.sole).toBe(false);
    untagInvocation(tagA);
    expect(loggingInvocation()).toEqual({ inv: b, sole: true });
    untagInvocation(tagB);
    expect(loggingInvocation()).toBeUndefined();
    expect(tagA).not.toBe(tagB);
    expect(tagA.startsWith('r-a.')).toBe(true);
  });
});
