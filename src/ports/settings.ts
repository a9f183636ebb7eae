import type { SettingChange } from '../domain/programme-overrides';

/**
 * The Settings list (設定): this year's targets and fill-in settings as the office changed them,
 * one item per change with who and when — the history is the list itself.
 */
export interface SettingsStore {
  /** Every change so far. */
  all(): Promise<SettingChange[]>;
  /** Adds changes (never overwrites one). */
  add(changes: readonly SettingChange[]): Promise<void>;
}
