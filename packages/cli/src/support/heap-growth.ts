import v8 from 'node:v8';

/**
 * How far V8 lets the heap grow past what survived its last full collection, in a bulk run.
 * The run's live memory is one group (batch × concurrency) plus the SDK, ~45 MB whatever the
 * input's size; but on a machine with plenty of memory V8 grows the heap up to ~4× that before
 * collecting, mostly with the SDK's short-lived per-record objects — 300+ MB of RSS for 1,000,000
 * rows. At 50 % peak RSS stays near ~200 MB for a few percent more CPU spent collecting. It is set
 * when the run starts: its size is known only after the first pass (a listing, by criteria), which
 * itself makes most of that garbage.
 */
export const BULK_HEAP_GROWING_PERCENT = 50;

/** Flags by which the user has already chosen how the heap grows (dashes or underscores, as V8 takes them). */
const USER_HEAP_FLAG = /--(?:max[-_]old[-_]space[-_]size|max[-_]heap[-_]size|heap[-_]growing[-_]percent)\b/;

export interface HeapGrowthContext {
  /** Default: process.execArgv. */
  execArgv?: readonly string[];
  /** Default: process.env.NODE_OPTIONS. */
  nodeOptions?: string;
  /** Default: v8.setFlagsFromString (the V8 flag is read at every full collection, so it applies at once). */
  setFlags?: (flags: string) => void;
}

/**
 * Tightens V8's heap growth for a bulk run, unless the user set a heap flag
 * (`--max-old-space-size`, `--heap-growing-percent`, … on the command line or in NODE_OPTIONS).
 * The setting is process-wide: the bulk CLI is the process. Returns whether it was set.
 */
export function boundHeapGrowth(context: HeapGrowthContext = {}): boolean {
  const execArgv = context.execArgv ?? process.execArgv;
  const nodeOptions = context.nodeOptions ?? process.env['NODE_OPTIONS'] ?? '';
  if (execArgv.some((a) => USER_HEAP_FLAG.test(a)) || USER_HEAP_FLAG.test(nodeOptions)) return false;
  (context.setFlags ?? ((flags: string) => v8.setFlagsFromString(flags)))(`--heap-growing-percent=${BULK_HEAP_GROWING_PERCENT}`);
  return true;
}
