import { openAtomicFileSync, type AtomicFileSync } from '@zcrmkit/safe-fs';
import { BulkError } from '../bulk-error.js';
import type { BulkResult } from '../types.js';
import { checkOutputPath } from './output-path.js';
import { csvHeader, jsonlHeader, resultCsvLine, resultJsonLine, type OutputKind } from './results-format.js';
import type { FileSinkOptions, ResultsSink, ResultsWriter } from './results-sink.js';

interface Format {
  header(kind: OutputKind): string;
  line(result: BulkResult, kind: OutputKind): string;
}

/**
 * A results file written as the run goes, through auth's one atomic write (a random temp name
 * created with O_EXCL | O_NOFOLLOW, fsync, rename): memory holds one group, no planted name
 * redirects the write, and a stopped run never leaves half a file under the real name.
 */
function fileSink(file: string, options: FileSinkOptions, format: Format): ResultsSink {
  if (typeof file !== 'string' || file === '') throw new BulkError('INVALID_OPTIONS', 'a results sink needs a file path');
  const force = options.force === true;
  return {
    path: file,
    check: (context) => checkOutputPath(file, { kind: context.dryRun ? 'plan' : 'results', input: context.inputPath, force }),
    async open(context): Promise<ResultsWriter> {
      const kind: OutputKind = context.dryRun ? 'plan' : 'results';
      // Results hold record ids, field names and Zoho's messages, not secrets: readable like the input.
      let out: AtomicFileSync | undefined = openAtomicFileSync(file, 0o644);
      out.write(format.header(kind));
      return {
        async write(rows) {
          if (out === undefined) throw new BulkError('INTERNAL', 'results written after the file was closed');
          let text = '';
          for (const r of rows) text += format.line(r, kind);
          if (text !== '') out.write(text);
        },
        async commit() {
          const o = out;
          out = undefined;
          o?.commit();
        },
        async discard() {
          const o = out;
          out = undefined;
          o?.abort();
        },
      };
    },
  };
}

/**
 * Results as CSV: `line,id,state,code,message,fields` (a dry run's plan adds `payload`). Cells a
 * spreadsheet could run as a formula are neutralised. An existing file is replaced only when it is
 * a results file of zcrmkit (a plan, in a dry run), unless `force`.
 */
export function csvResults(file: string, options: FileSinkOptions = {}): ResultsSink {
  return fileSink(file, options, { header: csvHeader, line: resultCsvLine });
}

/** Results as JSON Lines: a first line naming the format, then one object per row. */
export function jsonLinesResults(file: string, options: FileSinkOptions = {}): ResultsSink {
  return fileSink(file, options, { header: jsonlHeader, line: resultJsonLine });
}

/** Results handed to `onRows` group by group, as they settle (nothing is written anywhere). */
export function callbackResults(onRows: (rows: readonly BulkResult[]) => void | Promise<void>): ResultsSink {
  if (typeof onRows !== 'function') throw new BulkError('INVALID_OPTIONS', 'callbackResults needs a function');
  return {
    path: undefined,
    check: () => undefined,
    open: async () => ({
      write: async (rows) => {
        await onRows(rows);
      },
      commit: async () => undefined,
      discard: async () => undefined,
    }),
  };
}
