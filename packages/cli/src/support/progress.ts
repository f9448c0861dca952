import cliProgress, { type GenericFormatter } from 'cli-progress';
import type { CommandIo } from './io.js';

const LINE = 'Updating |{bar}| {value}/{total} records | {percentage}%';

/**
 * The bar's line. cli-progress reports its ETA as "INF" or "NULL" until records have settled (and
 * 0 once done), so the ETA is shown only while it is a real, finite estimate.
 */
export const progressLine: GenericFormatter = (options, params, payload) => {
  const eta = params.eta as unknown;
  const known = typeof eta === 'number' && Number.isFinite(eta) && eta > 0 && params.value > 0 && params.value < params.total;
  return cliProgress.Format.Formatter({ ...options, format: known ? `${LINE} | ETA {eta_formatted}` : LINE }, params, payload);
};

export interface Progress {
  update(done: number): void;
  /** Prints a line without the bar drawing over it: the bar is closed first and redrawn below. */
  message(line: string): void;
  stop(): void;
}

/**
 * A progress bar on a terminal (drawn on `stream`, stderr by default); plain lines (at most one per
 * 10 %) otherwise, for logs and CI.
 */
export function createProgress(total: number, io: CommandIo, stream: NodeJS.WritableStream = process.stderr): Progress {
  if (io.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: progressLine, hideCursor: true, stream },
      cliProgress.Presets.shades_classic,
    );
    let value = 0;
    let running = true;
    bar.start(total, 0);
    return {
      update: (done) => {
        value = done;
        if (running) bar.update(done);
      },
      message(line) {
        io.err(line);
        if (running) bar.start(total, value);
      },
      stop: () => {
        if (running) bar.stop();
        running = false;
      },
    };
  }
  let lastDecile = -1;
  return {
    update(done) {
      const decile = Math.floor((done / Math.max(total, 1)) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        io.out(`progress: ${done}/${total} records`);
      }
    },
    message: (line) => io.err(line),
    stop: () => undefined,
  };
}
