import type { CommandIo } from './io.js';

/** What a command run with `--json` hands back besides its exit code. */
export interface JsonSession {
  /** True when `--json` was given. */
  readonly enabled: boolean;
  /** Where human text goes: `io` itself, or stderr only with `--json` (stdout carries the document). */
  readonly io: CommandIo;
  /** The summary to print as the one JSON document on stdout. */
  summary(doc: Record<string, unknown>): void;
  /** The error to print as `{ "error": { code, message } }` when the command fails. */
  error(code: string, message: string): void;
}

/** JSON values the SDK may hand back that `JSON.stringify` refuses (record ids are BigInt). */
const plain = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

/** Whether `--json` is among the options (not after a `--`). */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/**
 * Runs a command so that with `--json` stdout holds exactly one JSON document: its summary, or
 * `{ "error": { code, message } }` when it failed (a usage error, a configuration error, a thrown
 * zcrmkit error). Human text and progress then go to stderr; exit codes stay the same.
 */
export async function withJsonOutput(argv: readonly string[], io: CommandIo, run: (session: JsonSession) => Promise<number>): Promise<number> {
  if (!wantsJson(argv)) {
    return run({ enabled: false, io, summary: () => undefined, error: () => undefined });
  }
  let summary: Record<string, unknown> | undefined;
  let error: { code: string; message: string } | undefined;
  let firstProblem: string | undefined;
  const toStderr = (line: string) => {
    if (firstProblem === undefined && line.trim() !== '') firstProblem = line.trim().replace(/^✖\s*/, '');
    io.err(line);
  };
  const session: JsonSession = {
    enabled: true,
    // No bar redrawn in place: progress lines on stderr stay readable beside the JSON.
    io: { out: (line) => io.err(line), err: toStderr, isTTY: false },
    summary: (doc) => (summary = doc),
    error: (code, message) => (error ??= { code, message }),
  };
  const print = (doc: unknown) => io.out(JSON.stringify(doc, plain, 2));
  let exit: number;
  try {
    exit = await run(session);
  } catch (err) {
    const coded = err as { code?: unknown; message?: unknown };
    print({ error: { code: typeof coded?.code === 'string' ? coded.code : 'ERROR', message: err instanceof Error ? err.message : String(err) } });
    throw err;
  }
  if (error !== undefined) print({ error });
  else if (summary !== undefined) print(summary);
  else if (exit !== 0) print({ error: { code: exit === 2 ? 'USAGE' : 'FAILED', message: firstProblem ?? `exit ${exit}` } });
  return exit;
}
