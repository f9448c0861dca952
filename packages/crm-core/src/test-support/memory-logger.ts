import type { LogLevelName, ZohoLogger } from '../types.js';

export interface LogEntry {
  level: LogLevelName;
  message: string;
  meta: Record<string, unknown>;
}

/** A ZohoLogger that keeps entries for assertions. */
export class MemoryLogger implements ZohoLogger {
  readonly entries: LogEntry[] = [];
  log(level: LogLevelName, message: string, meta: Record<string, unknown> = {}): void {
    this.entries.push({ level, message, meta });
  }
  text(): string {
    return this.entries.map((e) => `${e.level} ${e.message} ${JSON.stringify(e.meta)}`).join('\n');
  }
}
