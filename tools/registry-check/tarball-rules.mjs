// What a published tarball may hold: its build output, its commands' entry files (bin/*.js: committed
// so that npm links them in a fresh clone before the first build) and the few files npm and readers
// expect. A source map must carry its sources (`sourcesContent`): src/ is not shipped.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const TOP_LEVEL = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']);

/** Problems with one package's `npm pack --dry-run --json` file list; empty when it is fine. */
export function tarballProblems(packageDir, files) {
  const problems = [];
  if (!files.includes('LICENSE')) problems.push('no LICENSE');
  if (!files.includes('README.md')) problems.push('no README.md');
  for (const file of files) {
    if (!file.startsWith('dist/') && !/^bin\/[^/]+\.js$/.test(file) && !TOP_LEVEL.has(file)) problems.push(`${file} is outside dist/ and bin/`);
    if (/\.spec\.|test-support|\.tsbuildinfo$/.test(file)) problems.push(`${file} is test or build state`);
    if (file.endsWith('.map')) {
      const map = JSON.parse(readFileSync(path.join(packageDir, file), 'utf8'));
      const sources = map.sources ?? [];
      const contents = map.sourcesContent ?? [];
      if (sources.length === 0 || contents.length !== sources.length || contents.some((c) => typeof c !== 'string')) {
        problems.push(`${file} maps to ${sources.join(', ') || 'nothing'} without their sources`);
      }
    }
  }
  return problems;
}

/** Problems with an installed package.json: what only works inside the workspace must be gone. */
export function manifestProblems(manifest) {
  const problems = [];
  if (JSON.stringify(manifest.exports ?? {}).includes('@zcrmkit/source')) problems.push('the exports keep the @zcrmkit/source condition (src/ is not shipped)');
  if (manifest.scripts) problems.push('the workspace scripts were shipped');
  for (const field of ['repository', 'homepage', 'bugs', 'keywords', 'publishConfig', 'engines', 'files']) {
    if (manifest[field] === undefined) problems.push(`no ${field}`);
  }
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    if (!range.startsWith('^')) problems.push(`dependency ${name} is pinned (${range}) where a library takes a caret range`);
  }
  return problems;
}
