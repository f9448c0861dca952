/** Exit codes of every zcrmkit command; 130 and 143 (a run stopped by Ctrl-C or SIGTERM) come from `@zcrmkit/bulk`'s signal handling. */
export const EXIT_OK = 0;
/** Some records failed, or a call failed beyond its retries. */
export const EXIT_FAILED = 1;
/** Usage, configuration or input error: nothing was sent. */
export const EXIT_USAGE = 2;
