import { setTimeout as delay } from 'node:timers/promises';

/** What `untilQuiet` needs of a running emulator. */
export interface EmulatorCounts {
  state: { counters(): { total: number }; requestLog(): unknown[] };
}

/**
 * Resolves once every request that reached the emulator has been answered (its log, written on
 * answering, has caught up with its arrival count), so a request a client gave up on has landed or
 * not before a test reads the emulator's state. State-driven: the spec's own timeout bounds it.
 */
export async function untilQuiet(emu: EmulatorCounts): Promise<void> {
  while (emu.state.requestLog().length < emu.state.counters().total) await delay(5);
}
