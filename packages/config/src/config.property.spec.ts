// Property-based: 10,000 generated configurations. Whatever the values, loadConfig returns a
// config or throws a ConfigError — never another error, never a stack overflow — its messages
// hold no secret, no token-shaped value and no control character, and its checks grow linearly.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ConfigError } from './config-error.js';
import { CONFIG_VARIABLES, SECRET_VARIABLES } from './env-vars.js';
import { loadConfig } from './load-config.js';

const RUNS = 10_000;
const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const alnum = (n: number) => fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: n, maxLength: n });
/** Shaped like Zoho's refresh/access/grant tokens and client secrets. */
const tokenLike = fc.oneof(
  fc.tuple(hex(32), hex(32)).map(([a, b]) => `1000.${a}.${b}`),
  alnum(42),
  fc.tuple(hex(16), hex(8)).map(([a, b]) => `1000.${a}${b}`),
);
const BIG = ['a'.repeat(5_000), `a@${'.'.repeat(100_000)}@`, '1'.repeat(1_000_000), `${'\u001b['.repeat(20_000)}x`];
const value = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 2, arbitrary: fc.constantFrom('production', 'sandbox', 'DEBUG', 'off', 'https://accounts.zoho.eu', 'http://127.0.0.1:4010', 'https://x.example', 'owner@example.com', 'true', 'YOUR_CLIENT_ID_HERE', '') },
  { weight: 2, arbitrary: tokenLike },
  { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), tokenLike, fc.string({ maxLength: 8 })).map(([a, t, b]) => `${a}${t}${b}`) },
  { weight: 1, arbitrary: fc.constantFrom(...BIG) },
);
const env = fc.dictionary(fc.constantFrom(...CONFIG_VARIABLES), value, { maxKeys: CONFIG_VARIABLES.length });

/** Every maximal run of 16+ letters/digits and every `1000.`-token in a value. */
function secretLooking(text: string): string[] {
  return [...text.matchAll(/1000\.[A-Za-z0-9.]+|[A-Za-z0-9]{16,}/g)].map((m) => m[0]);
}

describe('loadConfig over 10,000 generated environments', () => {
  it('throws only ConfigError, echoes no secret or token and no control character', () => {
    fc.assert(
      fc.property(env, (values) => {
        let problems: readonly { variable: string; message: string }[] = [];
        try {
          loadConfig({ env: values, envFile: false, cwd: '/nonexistent-zcrmkit' });
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          problems = err.problems;
        }
        // Plain checks (not expect) keep 10,000 runs fast; fast-check reports the failing input.
        for (const p of problems) {
          // eslint-disable-next-line no-control-regex
          if (/[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/.test(p.message)) throw new Error(`control character in ${p.variable}: ${JSON.stringify(p.message)}`);
          if (p.message.length >= 1_000) throw new Error(`message of ${p.variable} is ${p.message.length} characters`);
        }
        const messages = problems.map((p) => p.message).join('\n');
        for (const [name, v] of Object.entries(values)) {
          const trimmed = (v ?? '').trim();
          // A secret's own problem never shows it (another variable may legitimately hold the same text).
          if ((SECRET_VARIABLES as readonly string[]).includes(name) && trimmed.length >= 4) {
            for (const p of problems) if (p.variable === name && p.message.includes(trimmed)) throw new Error(`${name} echoed`);
          }
          // Values past the length cap are never looked at, let alone echoed (the length check above covers them).
          if (trimmed.length > 5_000) continue;
          for (const t of secretLooking(trimmed)) if (messages.includes(t)) throw new Error(`token-shaped text of ${name} echoed: ${t}`);
        }
      }),
      { numRuns: RUNS, seed: 20261202 },
    );
  });
});

/**
 * Time of `fn(large)` over `fn(small)`: the minimum of interleaved rounds, so load on a shared
 * machine slows both sides alike. Linear checks give about the size ratio; a quadratic one its
 * square. No absolute time is asserted.
 */
function growth(fn: (input: string) => void, small: string, large: string, rounds = 7, reps = 20): number {
  const time = (input: string) => {
    const start = performance.now();
    for (let i = 0; i < reps; i++) fn(input);
    return performance.now() - start;
  };
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  for (let r = 0; r < rounds; r++) {
    bestSmall = Math.min(bestSmall, time(small));
    bestLarge = Math.min(bestLarge, time(large));
  }
  return bestLarge / Math.max(bestSmall, 1e-3);
}

describe('loadConfig stays linear', () => {
  const base = { CLIENT_ID: '1000.ABCDEF123456', CLIENT_SECRET: 'abcdef0123456789abcdef', REFRESH_TOKEN: '1000.abcdef0123.abcdef0123', ACCOUNTS_URL: 'https://accounts.zoho.com' };
  const run = (name: string) => (v: string) => {
    try {
      loadConfig({ env: { ...base, [name]: v }, envFile: false });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
    }
  };

  // 64× the input; linear ≈ 64× (less with fixed costs), quadratic ≈ 4096×. The bound sits 8× from
  // both, so neither a loaded machine nor a quadratic check can land on the wrong side.
  it.each([
    ['USER_EMAIL', (n: number) => `a@${'.'.repeat(n)}@`],
    ['USER_EMAIL', (n: number) => `${'a'.repeat(n)}@b`],
    ['CLIENT_ID', (n: number) => `1000.${'A'.repeat(n)}!`],
    ['ACCOUNTS_URL', (n: number) => `https://${'a.'.repeat(n / 2)}`],
    ['ZOHO_API_URL', (n: number) => `https://${'x'.repeat(n)}`],
    ['ZOHO_ENVIRONMENT', (n: number) => '\u001b'.repeat(n)],
  ])('%s: 64× the input costs well under 64²×', (name, make) => {
    expect(growth(run(name), make(64), make(4_096))).toBeLessThan(512);
  });
});
