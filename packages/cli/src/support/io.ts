/** Where a command writes; tests and the emulator wrapper can swap it. */
export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  isTTY: boolean;
}

/**
 * Streams whose reader has gone (`zcrmkit … | head -1`): what is left to say is dropped, and the
 * command runs to its normal end — a bulk run still finishes its calls and writes its results.
 */
export const closedStreams = { stdout: false, stderr: false };

/** Marks a stream closed on EPIPE (and any later write error on it) instead of crashing on it. */
export function toleratePipeClose(name: 'stdout' | 'stderr', stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || closedStreams[name]) {
      closedStreams[name] = true;
      return;
    }
    throw err;
  });
}

export const processIo: CommandIo = {
  out: (line) => {
    if (!closedStreams.stdout) process.stdout.write(`${line}\n`);
  },
  err: (line) => {
    if (!closedStreams.stderr) process.stderr.write(`${line}\n`);
  },
  isTTY: Boolean(process.stdout.isTTY),
};
