// What the READMEs and docs/ show a command printing is what it prints: every output block is run
// again (tools/readme-outputs.mjs, the built CLI, a clean environment) and compared.
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startScript, workspaceRoot } from './run-command.js';

const TOOL = path.join(workspaceRoot, 'tools', 'readme-outputs.mjs');

describe('README and docs outputs', () => {
  it('every output block is what a fresh run prints', async () => {
    const r = await startScript(TOOL, [], { cwd: workspaceRoot }).done;
    expect(r.stdout).toMatch(/readme-outputs: \d+ blocks, 0 differing from a fresh run/);
    expect(Number(/(\d+) blocks/.exec(r.stdout)?.[1])).toBeGreaterThanOrEqual(8);
    expect(r.code).toBe(0);
  });

  it('a block edited by hand fails the check, naming the line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-readme-edit-'));
    try {
      const copy = path.join(dir, 'README.md');
      const text = readFileSync(path.join(workspaceRoot, 'README.md'), 'utf8');
      const edited = text.replace(/result: +✔ updated \(2 update calls\)/, 'result:       ✔ updated (1 update call)');
      expect(edited).not.toBe(text);
      writeFileSync(copy, edited);
      const r = await startScript(TOOL, [copy], { cwd: workspaceRoot }).done;
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('  - ' + '  result:       ✔ updated (1 update call)');
      expect(r.stdout).toContain('  + ' + '  result:       ✔ updated (2 update calls)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('README and docs', () => {
  const docs = [
    'README.md',
    'apps/examples/README.md',
    'tools/bench/README.md',
    ...readdirSync(path.join(workspaceRoot, 'docs')).map((f) => `docs/${f}`),
    ...readdirSync(path.join(workspaceRoot, 'packages')).map((p) => `packages/${p}/README.md`).filter((f) => existsSync(path.join(workspaceRoot, f))),
  ];

  it('the front page stays a front page (at most 150 lines)', () => {
    expect(readFileSync(path.join(workspaceRoot, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(150);
  });

  it.each(docs)('%s: every relative link resolves to a file of the repository', (doc) => {
    const text = readFileSync(path.join(workspaceRoot, doc), 'utf8');
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/i.test(l) && !l.startsWith('#'));
    const broken = links.filter((l) => !existsSync(path.resolve(path.dirname(path.join(workspaceRoot, doc)), l.split('#')[0]!)));
    expect(broken).toEqual([]);
  });
});
