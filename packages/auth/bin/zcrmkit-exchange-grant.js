#!/usr/bin/env node
// The zcrmkit-exchange-grant command. This file is committed (the build output is not), so npm links the command in a
// fresh clone before the first build; it loads the built entry point, or says how to build it.
const entry = new URL('../dist/bin/exchange-grant.js', import.meta.url);
try {
  await import(entry.href);
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes(entry.pathname)) throw err;
  process.stderr.write('zcrmkit-exchange-grant: not built yet; run "npm run build" (or "npx nx run @zcrmkit/auth:build") first\n');
  process.exitCode = 1;
}
