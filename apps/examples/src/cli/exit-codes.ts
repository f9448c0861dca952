/** Exit codes of every example command. */
export const EXIT_OK = 0;
/** Some records failed (or the run was interrupted). */
export const EXIT_FAILED = 1;
/** Usage or configuration error: nothing was sent. */
export const EXIT_USAGE = 2;
/** Conventional code for a run stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;
/** Conventional code for a run stopped by SIGTERM (128 + 15). */
export const EXIT_TERMINATED = 143;
