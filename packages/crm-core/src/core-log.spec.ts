import { describe, expect, it } from '@jest/globals';
import { CoreLog } from './core-log.js';
import { Redactor } from './redact.js';
import type { LogLevelName } from './types.js';

describe('CoreLog at levels that are off', () => {
  it('asks the target and builds nothing for a disabled level', () => {
    const lines: string[] = [];
    let redactions = 0;
    const redactor = new Redactor();
    const original = redactor.redact.bind(redactor);
    redactor.redact = (text: string) => {
      redactions++;
      return original(text);
    };
    const log = new CoreLog({ log: (level, message) => void lines.push(`${level} ${message}`), isLevelEnabled: (level: LogLevelName) => level === 'warn' || level === 'error' }, redactor);
    log.info('call ok', { a: 1 });
    log.debug('detail');
    expect(lines).toEqual([]);
    expect(redactions).toBe(0);
    expect(log.enabled('info')).toBe(false);
    log.warn('retrying');
    expect(lines).toEqual(['warn retrying']);
  });

  it('logs every level for a target that cannot tell, or whose check throws', () => {
    const lines: string[] = [];
    new CoreLog({ log: (level) => void lines.push(level) }, new Redactor()).debug('x');
    new CoreLog({ log: (level) => void lines.push(level), isLevelEnabled: () => { throw new Error('broken'); } }, new Redactor()).info('y');
    expect(lines).toEqual(['debug', 'info']);
  });
});
