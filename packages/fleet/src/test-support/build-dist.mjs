// jest globalSetup: child-process tests run the built package (dist), so build it (and
// @zcrmkit/config, a project reference) first. Incremental: a no-op when Nx has just built it.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function buildDist() {
  const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', path.join(packageDir, 'tsconfig.json')], { stdio: 'inherit' });
}
