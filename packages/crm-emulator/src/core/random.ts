import { randomInt } from 'node:crypto';
import { EmulatorError } from './emulator-error.js';

/**
 * Seeded, deterministic pseudo-random numbers (mulberry32). Each concern draws from its own named
 * stream so that, e.g., minting an extra token never changes the generated leads or the fault sequence.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  chars(alphabet: string, length: number): string;
}

function hashString(text: string): number {
  // FNV-1a, 32 bit
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function withHelpers(next: () => number, int: (min: number, max: number) => number): Random {
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new EmulatorError('INTERNAL', 'pick() from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    chance: (probability) => next() < probability,
    chars(alphabet, length) {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet.charAt(int(0, alphabet.length - 1));
      return out;
    },
  };
}

export function createRandom(seed: number, stream: string): Random {
  let state = (hashString(stream) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return withHelpers(next, (min, max) => min + Math.floor(next() * (max - min + 1)));
}

// randomInt takes ranges below 2^48.
const UNIT = 2 ** 47;

/**
 * The operating system's randomness behind the same interface, for credentials: a seeded stream
 * would hand every emulator started with the default seed the same client secret and tokens, so
 * anyone who has read this package could use them against an emulator others can reach.
 */
export function createCryptoRandom(): Random {
  return withHelpers(
    () => randomInt(0, UNIT) / UNIT,
    (min, max) => randomInt(min, max + 1),
  );
}
