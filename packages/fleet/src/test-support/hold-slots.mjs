// Child process for the SIGKILL test: takes N org-wide slots, says so, and holds them until killed.
/* global AbortController, setInterval */
import { createFleet } from '../../dist/index.bundle.js';

const [url, prefix, slots, limit, leaseMs] = process.argv.slice(2);
const fleet = createFleet({
  redisUrl: url,
  keyPrefix: prefix,
  clientId: '1000.CLIENTABCDEF',
  refreshToken: '1000.0123456789abcdef.0123456789abcdef',
  allowPlaintext: true,
  creditBudget: false,
  concurrency: Number(limit),
  slotLeaseMs: Number(leaseMs),
});
const signal = new AbortController().signal;
for (let i = 0; i < Number(slots); i++) await fleet.slots.acquire({ operation: 'hold' }, signal);
process.stdout.write('held\n');
setInterval(() => undefined, 60_000);
