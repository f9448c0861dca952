import { describe, expect, it } from '@jest/globals';
import { invocationContext, newInvocation, tagInvocation, untagInvocation } from './call-context.js';
import { CoreLog } from './core-log.js';
import { Redactor } from './redact.js';
import { installSdkLogBridge, sdkLine, type WinstonModuleLike } from './sdk-log-bridge.js';
import { MemoryLogger } from './test-support/memory-logger.js';

/** A stand-in for the winston module object: module-level functions delegating to a default logger. */
function fakeWinston() {
  const calls: string[] = [];
  const mod: WinstonModuleLike = {
    info: (...a: unknown[]) => calls.push(`info ${String(a[0])}`),
    error: (...a: unknown[]) => calls.push(`error ${String(a[0])}`),
    warn: (...a: unknown[]) => calls.push(`warn ${String(a[0])}`),
    configure: () => calls.push('configure'),
  };
  return { mod, calls };
}

describe('SDK log bridge', () => {
  it("routes the SDK's lines inside a call to crm-core's log, with the request id, redacted", () => {
    const { mod, calls } = fakeWinston();
    installSdkLogBridge(mod);
    const logger = new MemoryLogger();
    const redactor = new Redactor();
    redactor.addSecret('1000.0123456789abcdef.0123456789abcdef');
    const inv = newInvocation({ requestId: 'r1-1', operation: 'op', log: new CoreLog(logger, redactor) });
    invocationContext.run(inv, () => {
      (mod.info as (m: string) => void)('REQUEST-METHOD = GET , URL = https://x/crm/v8/Leads');
      (mod.error as (m: string, e: Error) => void)('Exception', Object.assign(new Error('token 1000.0123456789abcdef.0123456789abcdef'), { options: { headers: { authorization: 'x' } } }));
    });
    expect(calls).toEqual([]);
    expect(logger.entries.map((e) => [e.level, e.message, e.meta.requestId, e.meta.source])).toEqual([
      ['info', 'REQUEST-METHOD = GET , URL = https://x/crm/v8/Leads', 'r1-1', 'sdk'],
      ['warn', 'Exception', 'r1-1', 'sdk'],
    ]);
    expect(JSON.stringify(logger.entries)).not.toContain('0123456789abcdef');
    expect(JSON.stringify(logger.entries)).not.toContain('authorization');
  });

  it("ignores the SDK's configure() inside a call, so the default logger keeps its setup", () => {
    const { mod, calls } = fakeWinston();
    installSdkLogBridge(mod);
    const inv = newInvocation({ requestId: 'r1-2', operation: 'init', log: new CoreLog(new MemoryLogger(), new Redactor()) });
    invocationContext.run(inv, () => (mod.configure as () => void)());
    expect(calls).toEqual([]);
  });

  it("routes the SDK's lines to crm-core's log while tagged calls are in flight, naming the request only of a lone one", () => {
    const { mod, calls } = fakeWinston();
    installSdkLogBridge(mod);
    const logger = new MemoryLogger();
    const log = new CoreLog(logger, new Redactor());
    const a = newInvocation({ requestId: 'r1-a', operation: 'op', log });
    const b = newInvocation({ requestId: 'r1-b', operation: 'op', log });
    const tagA = tagInvocation(a);
    (mod.info as (m: string) => void)('one in flight');
    const tagB = tagInvocation(b);
    (mod.info as (m: string) => void)('two in flight');
    untagInvocation(tagA);
    untagInvocation(tagB);
    (mod.info as (m: string) => void)('none in flight');
    expect(logger.entries.map((e) => [e.message, e.meta.requestId])).toEqual([
      ['one in flight', 'r1-a'],
      ['two in flight', undefined],
    ]);
    expect(calls).toEqual(['info none in flight']);
  });

  it('leaves calls outside a crm-core call to the original functions', () => {
    const { mod, calls } = fakeWinston();
    installSdkLogBridge(mod);
    (mod.info as (m: string) => void)('host line');
    (mod.configure as () => void)();
    expect(calls).toEqual(['info host line', 'configure']);
  });

  it('installs once per module object', () => {
    const { mod, calls } = fakeWinston();
    installSdkLogBridge(mod);
    const first = mod.info;
    installSdkLogBridge(mod);
    expect(mod.info).toBe(first);
    (mod.info as (m: string) => void)('x');
    expect(calls).toEqual(['info x']);
  });

  it('reads the SDK argument shapes', () => {
    expect(sdkLine(['msg'])).toEqual({ message: 'msg', meta: { source: 'sdk' } });
    const error = new Error('e');
    expect(sdkLine(['msg', error])).toEqual({ message: 'msg', meta: { source: 'sdk', error } });
    expect(sdkLine([error])).toEqual({ message: 'e', meta: { source: 'sdk', error } });
    expect(sdkLine(['msg', { a: 1 }]).meta).toEqual({ source: 'sdk', detail: { a: 1 } });
  });
});
