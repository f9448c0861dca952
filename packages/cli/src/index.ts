export { runZcrmkit, VERSION } from './zcrmkit.js';
export { COMMANDS, type CommandEntry, type CommandModule } from './commands/command-table.js';
export type { CommandIo } from './support/io.js';
export { EXIT_OK, EXIT_FAILED, EXIT_USAGE } from './support/exit-codes.js';
