/**
 * Where everything logs: one structured line per event (src/server/log.ts writes JSON to stdout).
 * Never pass tokens or secrets in `fields`.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}
