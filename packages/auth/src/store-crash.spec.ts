import { describeCrashProof } from './test-support/crash-proof.js';

// A short run of the SIGKILL proof for every `npm test`; the full 100 rounds run in
// store-crash.stress.spec.ts (the `stress` target, which `.ci/run` runs too).
describeCrashProof(20, 0x5eed);
