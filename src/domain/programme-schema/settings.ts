/** Settings: values the municipality fills in (基準点, 期限日 …), used elsewhere in the file as `$id`. */
import type { Setting } from '../programme';
import type { Obj, Path, ReadContext } from './read-context';

const SETTING_ID = /^[a-zA-Z][a-zA-Z0-9-]*$/;

/** Reads one setting (a value the municipality fills in, used elsewhere as `$id`) and where it was written. */
export function readSetting(ctx: ReadContext, o: Obj, path: Path): Setting | undefined {
  ctx.fields(o, path, ['id', 'label', 'value', 'fillIn', 'note']);
  const value = o.value;
  let n: number | undefined;
  if (typeof value === 'string' && value.startsWith('$')) {
    ctx.error([...path, 'value'], 'a setting cannot refer to another setting');
  } else n = typeof value === 'number' ? value : ctx.number(o, 'value', path);
  const id = typeof o.id === 'string' ? o.id : '';
  ctx.settingPaths.set(id, path);
  if (!SETTING_ID.test(id)) ctx.error([...path, 'id'], `"${id}" is not a valid setting name (letters, digits and hyphens, starting with a letter)`);
  return {
    id,
    label: ctx.label(o, 'label', path) ?? { ja: '' },
    // NaN marks a value already reported here; places that use the setting stay quiet (numberValue).
    value: n ?? NaN,
    fillIn: ctx.boolean(o, 'fillIn', path, false),
    note: ctx.string(o, 'note', path, { required: false }),
  };
}

/** Reports each setting that no `$id` in the file uses. */
export function reportUnusedSettings(ctx: ReadContext, settings: Setting[]): void {
  for (const s of settings) {
    if (!ctx.usedSettings.has(s.id)) ctx.error(ctx.settingPaths.get(s.id) ?? ['settings', s.id], `setting "${s.id}" is never used`);
  }
}
