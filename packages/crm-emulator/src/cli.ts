#!/usr/bin/env node
import path from 'node:path';
import { BIN_NAME, OLD_BIN_NAME } from './cli/cli-args.js';
import { runCli } from './cli/run-cli.js';

if (path.basename(process.argv[1] ?? '') === OLD_BIN_NAME) {
  process.stderr.write(`${OLD_BIN_NAME} is now called ${BIN_NAME}; the old name goes away in the next release.\n`);
}

const result = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
if (result.exitCode !== undefined) process.exit(result.exitCode);
const emulator = result.emulator;
if (emulator) {
  const shutdown = (): void => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
