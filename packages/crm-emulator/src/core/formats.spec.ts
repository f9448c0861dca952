import { describe, expect, it } from '@jest/globals';
import { CLIENT_ID_PATTERN, CLIENT_SECRET_PATTERN, RECORD_ID_PATTERN, RecordIdSequence, TOKEN_PATTERN, mintClientId, mintClientSecret, mintToken } from './formats.js';
import { createRandom } from './random.js';

describe('identifier formats', () => {
  const r = createRandom(42, 'formats');

  it('mints client ids, secrets and tokens in Zoho shapes (and the shapes other packages check)', () => {
    const id = mintClientId(r);
    const secret = mintClientSecret(r);
    const token = mintToken(r);
    expect(id).toMatch(CLIENT_ID_PATTERN);
    expect(secret).toMatch(CLIENT_SECRET_PATTERN);
    expect(token).toMatch(TOKEN_PATTERN);
    // @zcrmkit/config's format rules
    expect(id).toMatch(/^\d{4}\.[A-Za-z0-9]{6,}$/);
    expect(secret).toMatch(/^[A-Za-z0-9]{10,}$/);
    expect(token).toMatch(/^\d{4}\.[a-f0-9]{8,}\.[a-f0-9]{8,}$/);
  });

  it('record ids are 19 digits, unique and increasing', () => {
    const seq = new RecordIdSequence(createRandom(1, 'ids'));
    const ids = Array.from({ length: 500 }, () => seq.next());
    for (const id of ids) expect(id).toMatch(RECORD_ID_PATTERN);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('ids stay 19 digits for very large data sets', () => {
    const seq = new RecordIdSequence(createRandom(1, 'ids'), 999_990);
    expect(Array.from({ length: 5 }, () => seq.next()).every((id) => RECORD_ID_PATTERN.test(id))).toBe(true);
  });
});
