#!/usr/bin/env node
import path from 'node:path';
import { BIN_NAME, OLD_BIN_NAME } from './cli/cli-args.js';
import { emulatorMain } from './cli/index.js';

if (path.basename(process.argv[1] ?? '') === OLD_BIN_NAME) {
  process.stderr.write(`${OLD_BIN_NAME} is now called ${BIN_NAME}; the old name goes away in the next release.\n`);
}

process.exitCode = await emulatorMain(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
