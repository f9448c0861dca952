/** Where a command writes; tests and the emulator wrapper can swap it. */
export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  isTTY: boolean;
}

export const processIo: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTTY: Boolean(process.stdout.isTTY),
};
