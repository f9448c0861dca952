import { describeCrashProof } from './test-support/crash-proof.js';

// The full SIGKILL proof: 100 writers killed at random points. Run by the `stress` target
// (`npx nx run @zcrmkit/auth:stress`, and `.ci/run`); `npm test` runs a shorter one (store-crash.spec.ts).
describeCrashProof(100, 0x5eed100);
