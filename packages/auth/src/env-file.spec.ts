import { describe, expect, it } from '@jest/globals';
import { setEnvVariable } from './env-file.js';

const T = '1000.0123456789abcdef.0123456789abcdef';

describe('setEnvVariable', () => {
  it('replaces the line in place and keeps every other byte', () => {
    const before = '# comment\nCLIENT_ID=1000.X\nREFRESH_TOKEN=YOUR_REFRESH_TOKEN_HERE\n\nLEAD_ID=  \n';
    expect(setEnvVariable(before, 'REFRESH_TOKEN', T)).toBe(`# comment\nCLIENT_ID=1000.X\nREFRESH_TOKEN=${T}\n\nLEAD_ID=  \n`);
  });

  it('keeps CRLF line endings, an export prefix, indentation and a missing final newline', () => {
    expect(setEnvVariable('A=1\r\n  export REFRESH_TOKEN = old\r\nB=2', 'REFRESH_TOKEN', T)).toBe(`A=1\r\n  export REFRESH_TOKEN=${T}\r\nB=2`);
  });

  it('replaces every assignment so that no older value wins', () => {
    expect(setEnvVariable('REFRESH_TOKEN=a\nREFRESH_TOKEN=b\n', 'REFRESH_TOKEN', T)).toBe(`REFRESH_TOKEN=${T}\nREFRESH_TOKEN=${T}\n`);
  });

  it('leaves comments and look-alike names alone and appends', () => {
    const before = '# REFRESH_TOKEN=old\nMY_REFRESH_TOKEN=x\nREFRESH_TOKENS=y';
    expect(setEnvVariable(before, 'REFRESH_TOKEN', T)).toBe(`${before}\nREFRESH_TOKEN=${T}\n`);
    expect(setEnvVariable('A=1\r\n', 'REFRESH_TOKEN', T)).toBe(`A=1\r\nREFRESH_TOKEN=${T}\r\n`);
    expect(setEnvVariable('', 'REFRESH_TOKEN', T)).toBe(`REFRESH_TOKEN=${T}\n`);
  });

  it('refuses values that could break out of the line', () => {
    expect(() => setEnvVariable('', 'REFRESH_TOKEN', 'a\nCLIENT_ID=evil')).toThrow(expect.objectContaining({ name: 'AuthError', code: 'INVALID_OPTION', message: expect.stringContaining('REFRESH_TOKEN') }));
    expect(() => setEnvVariable('', 'BAD NAME', T)).toThrow(expect.objectContaining({ name: 'AuthError', code: 'INVALID_OPTION', message: expect.stringContaining('BAD NAME') }));
  });
});
