import type { AuthLogger } from '../logger.js';

export interface CapturedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  meta: Record<string, unknown> | undefined;
}

/** A logger that keeps every line, to assert on them and to search them for secrets. */
export function captureLogger(): AuthLogger & { lines: CapturedLine[]; text(): string } {
  const lines: CapturedLine[] = [];
  const at = (level: CapturedLine['level']) => (message: string, meta?: Record<string, unknown>) => {
    lines.push({ level, message, meta });
  };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => lines.map((l) => `${l.level} ${l.message} ${JSON.stringify(l.meta ?? {})}`).join('\n'),
  };
}
