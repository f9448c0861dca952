#!/usr/bin/env node
// npm `prepack`/`postpack` of every published package (run in the package's folder):
//   strip    — the tarball's package.json loses what only works inside this workspace: the
//              `@zcrmkit/source` export condition (it points into src/, which is not shipped) and
//              the scripts (they call ../../tools and the workspace's jest). The original is kept
//              beside it and put back by `restore`.
//   restore  — puts the original package.json back (npm runs it after packing, pass or fail of
//              the upload that follows).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const MANIFEST = 'package.json';
const BACKUP = '.package.json.prepack';
const SOURCE_CONDITION = '@zcrmkit/source';

function stripCondition(exportsField) {
  if (typeof exportsField !== 'object' || exportsField === null) return exportsField;
  return Object.fromEntries(
    Object.entries(exportsField)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, value]) => [key, stripCondition(value)]),
  );
}

const command = process.argv[2];
if (command === 'strip') {
  // A backup left by an interrupted pack is the true original: never overwrite it with a stripped copy.
  const original = existsSync(BACKUP) ? readFileSync(BACKUP, 'utf8') : readFileSync(MANIFEST, 'utf8');
  if (!existsSync(BACKUP)) writeFileSync(BACKUP, original);
  const manifest = JSON.parse(original);
  manifest.exports = stripCondition(manifest.exports);
  delete manifest.scripts;
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
} else if (command === 'restore') {
  if (existsSync(BACKUP)) renameSync(BACKUP, MANIFEST);
} else {
  console.error('usage: node tools/publish-manifest.mjs strip|restore   (run by npm prepack/postpack)');
  process.exit(2);
}
