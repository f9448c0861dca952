import cliProgress from 'cli-progress';
import type { CommandIo } from '../cli/io.js';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

/** A progress bar on a terminal; plain lines (at most one per 10 %) otherwise, for logs and CI. */
export function createProgress(total: number, io: CommandIo): Progress {
  if (io.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'Updating |{bar}| {value}/{total} records | {percentage}% | ETA {eta}s', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
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
    stop: () => undefined,
  };
}
