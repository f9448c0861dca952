#!/usr/bin/env node
import { runCli } from './cli/run-cli.js';

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
