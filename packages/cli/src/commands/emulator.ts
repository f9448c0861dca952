// `zcrmkit emulator`: the emulator's own command line (`zcrmkit-emulator`), under the one bin.
import type { CommandIo } from '../support/io.js';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { emulatorMain } = await import('@zcrmkit/crm-emulator/cli');
  return emulatorMain(argv, io, 'zcrmkit emulator');
}
