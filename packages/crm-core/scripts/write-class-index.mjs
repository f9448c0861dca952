#!/usr/bin/env node
// Part of crm-core's build: the index of the SDK's class metadata (see src/sdk-class-details.ts)
// for the SDK version crm-core is built and tested with, so that no process has to scan the 2.3 MB
// file. Written to dist/sdk-class-index.json; used only where the SDK's version and the file's size
// match, and each entry is checked against the file's bytes when read.
import { statSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { scanClassIndex, CLASS_INDEX_FILE } = await import(path.join(pkgDir, 'dist', 'sdk-class-details.js'));
let entry;
try {
  entry = createRequire(path.join(pkgDir, 'package.json')).resolve('@zohocrm/nodejs-sdk-8.0');
} catch {
  console.log('crm-core: @zohocrm/nodejs-sdk-8.0 is not installed; no class index shipped (each data directory builds its own)');
  process.exit(0);
}
const file = path.join(path.dirname(entry), 'config', 'json_details.json');
const sdkVersion = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')).version;
const index = scanClassIndex(readFileSync(file));
const out = { version: 1, sdkVersion, size: statSync(file).size, ...index };
writeFileSync(path.join(pkgDir, 'dist', CLASS_INDEX_FILE), `${JSON.stringify(out)}\n`);
