import type { Logger, LogLevel } from '../ports/logger';

export type { Logger, LogLevel };

/**
 * Structured logs: one JSON object per line on stdout (App Service and Application Insights pick
 * them up as they are). Never pass tokens or secrets in `fields`.
 */

export function jsonLogger(write: (line: string) => void = (l) => process.stdout.write(l), minLevel: LogLevel = 'info'): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  return {
    log(level, message, fields = {}) {
      if (order[level] < order[minLevel]) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
    },
  };
}

/** A logger that keeps lines in memory (tests). */
export function memoryLogger(): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, log: (level, message, fields = {}) => lines.push({ level, message, ...fields }) };
}
