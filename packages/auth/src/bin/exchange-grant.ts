#!/usr/bin/env node
import { runExchangeGrantCli } from '../exchange-grant-cli.js';

process.exitCode = await runExchangeGrantCli(process.argv.slice(2));
