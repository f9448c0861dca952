import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import { EmulatorOptionsError } from '../options.js';
import { isLoopbackHost } from './admin-guard.js';

/** Where the CLI reads a token from when `--admin-token` is not given. */
export const ADMIN_TOKEN_ENV = 'ZCRMKIT_EMULATOR_ADMIN_TOKEN';

// URL-safe characters only (hex, base64url): the token travels in a header, in the inspector's
// address (`?admin_token=`, where a `+` would turn into a space) and in its asset URLs.
const TOKEN_SHAPE = /^[A-Za-z0-9._~-]{16,512}$/;

/**
 * The secret other machines show to reach `/__emulator/`. The value sits in a private field, so
 * neither `util.inspect` nor `JSON.stringify` of the emulator's objects can print it.
 */
export class AdminToken {
  readonly #value: string;
  readonly #digest: Buffer;

  constructor(value: string) {
    this.#value = value;
    this.#digest = digest(value);
  }

  /** A fresh token: 32 bytes of the operating system's randomness, as hex. */
  static generate(): AdminToken {
    return new AdminToken(randomBytes(32).toString('hex'));
  }

  /**
   * Compares in constant time: both sides are hashed first, so neither the position of the first
   * wrong character nor the candidate's length shows in how long the answer takes.
   */
  matches(candidate: string): boolean {
    return timingSafeEqual(this.#digest, digest(candidate));
  }

  /** The token itself, for the one place that hands it out (RunningEmulator.adminToken). */
  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return '[admin token]';
  }

  [inspect.custom](): string {
    return 'AdminToken [hidden]';
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The admin token in force: the one given, else a fresh one when the emulator binds an address
 * other machines can reach (and serves the admin API), else none — loopback peers need none.
 */
export function resolveAdminToken(given: string | undefined, host: string, adminApi: boolean): AdminToken | undefined {
  if (given !== undefined) {
    if (typeof given !== 'string' || !TOKEN_SHAPE.test(given)) {
      // The message must not repeat the value: it may be a real secret with a typo.
      throw new EmulatorOptionsError('adminToken must be 16 to 512 characters of A-Z a-z 0-9 . _ ~ - (e.g. `openssl rand -hex 32`)');
    }
    return new AdminToken(given);
  }
  return adminApi && !isLoopbackHost(host) ? AdminToken.generate() : undefined;
}
