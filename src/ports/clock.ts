import type { LocalDate } from '../domain/local-date';

/** The time, injected so jobs and tests agree on "today" (JST). */
export interface Clock {
  now(): Date;
  today(): LocalDate;
}
