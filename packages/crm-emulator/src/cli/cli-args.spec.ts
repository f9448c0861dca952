import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { HELP, parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('defaults to port 4010 and nothing else', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'run', options: { port: 4010 }, printCredentials: false, quiet: false });
  });

  it('maps every option', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-emu-cli-'));
    const faults = path.join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify([{ kind: 'reset', route: 'PUT /crm/v8/Leads', rate: 0.1 }]));
    const command = parseCliArgs([
      '--port', '0', '--host', '0.0.0.0', '--seed', '7', '--leads', '50', '--seed-file', 'seed.json',
      '--strict-fields', 'Leads=Last_Name,Company', '--layout-required', 'Leads=Company,Email',
      '--token-ttl', '30', '--grant-ttl', '60', '--latency', '20', '--jitter', '5',
      '--concurrency-cap', '3', '--retry-after', '2', '--faults', faults, '--no-admin', '--print-credentials', '-q',
    ]);
    expect(command).toEqual({
      kind: 'run',
      printCredentials: true,
      quiet: true,
      options: {
        port: 0,
        host: '0.0.0.0',
        seed: 7,
        leadCount: 50,
        seedFile: 'seed.json',
        strictLayout: { Leads: ['Last_Name', 'Company'] },
        layoutRequired: { Leads: ['Company', 'Email'] },
        accessTokenTtlSeconds: 30,
        grantCodeTtlSeconds: 60,
        latencyMs: { fixedMs: 20, jitterMs: 5 },
        concurrencyCap: 3,
        retryAfterSeconds: 2,
        faults: [{ kind: 'reset', route: 'PUT /crm/v8/Leads', rate: 0.1 }],
        adminApi: false,
      },
    });
    expect(parseCliArgs(['--strict-layout'])).toMatchObject({ options: { strictLayout: true } });
    expect(parseCliArgs(['--edition', 'free'])).toMatchObject({ options: { edition: 'free' } });
    expect(parseCliArgs(['--no-concurrency-cap'])).toMatchObject({ options: { concurrencyCap: null } });
  });

  it('help and version', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help', text: HELP });
    expect(HELP).toMatch(/^Usage: zcrmkit-emulator \[options\]\n\nA local Zoho/);
    expect(HELP).toMatch(/--port <n> +port to listen on \(0 = any free port\) \(default:\s+"4010"\)/);
    expect(HELP).toMatch(/\nExamples:\n {2}\$ zcrmkit-emulator /);
    expect(parseCliArgs(['-v'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['--port', 'x'], /--port/],
    [['--bogus'], /unknown option '--bogus'/],
    [['--port'], /--port/],
    [['--strict-fields', 'Leads'], /Module=Field/],
    [['--concurrency-cap', '0'], /positive/],
    [['--edition', 'gold'], /--edition expects one of free, standard/],
    [['--no-concurrency-cap', '--concurrency-cap', '3'], /contradict/],
    [['--seed', '1.5'], /--seed/],
    [['--faults', '/nonexistent/faults.json'], /--faults/],
  ])('rejects %j', (argv, message) => {
    const command = parseCliArgs(argv);
    expect(command.kind).toBe('error');
    if (command.kind === 'error') expect(command.message).toMatch(message);
  });
});
