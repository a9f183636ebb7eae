/**
 * The reader core: the context one validation carries (errors so far, references to check at the end,
 * settings) and the primitive readers every part of the programme is read with. Each records an error
 * with its path and returns undefined rather than throwing, so one pass reports every mistake.
 */
import type { FiscalYear } from '../fiscal-calendar';
import type { Label } from '../label';
import { isLocalDate } from '../local-date';
import type { KpiMeasure, Requirement, Setting } from '../programme';
import { parseFiscalYearKey } from './fiscal-year-key';
import { show, suggest } from './suggest';

/** One mistake in a programme definition: where (`roles[2].steps[1].requires`) and why. */
export interface ProgrammeError {
  path: string;
  message: string;
}

/** Where a value sits in the file: keys and list positions from the root. */
export type Path = ReadonlyArray<string | number>;
/** A YAML mapping, before it is read. */
export type Obj = Record<string, unknown>;

/** Formats a path as people read it: `roles[2].steps[1].requires`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(root)';
}

const ID = /^[a-z0-9][a-z0-9-]*$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** What a reference points at; checkReferences looks each one up among the ids of its kind. */
export type RefKind =
  | 'course'
  | 'course group'
  | 'qualification'
  | 'contribution kind'
  | 'perspective'
  | 'skill'
  | 'role'
  | 'certification'
  | 'role or certification'
  | 'grade';

/** What one validation has read so far, and the primitive readers that record errors into it. */
export class ReadContext {
  readonly errors: ProgrammeError[] = [];
  readonly refs: Array<{ path: Path; kind: RefKind; id: string }> = [];
  readonly settings = new Map<string, Setting>();
  /** Where each setting was written: `settings.reportMinScore` (mapping) or `settings[0]` (list). */
  readonly settingPaths = new Map<string, Path>();
  readonly usedSettings = new Set<string>();
  planStart = 0;
  readonly certDeps = new Map<string, { path: Path; deps: Set<string> }>();
  /** Skill and project requirements with where they were written, checked against the scales at the end. */
  readonly scored: Array<{ path: Path; req: Requirement }> = [];
  /** Steps of roles a KPI names (`step`, stepRate, holders, coverage), checked once the roles are known. */
  readonly steps: Array<{ path: Path; role: string; step: string }> = [];
  /** True while a KPI's measure is read: the requirement kinds only a KPI may use are allowed. */
  readingKpi = false;
  /** Coverage KPIs of a role that give neither per nor min: they take the role's seats when it has a minimum. */
  readonly seatDefaults: Array<{ measure: Extract<KpiMeasure, { kind: 'coverage' }>; role: string }> = [];

  /** Records an error at `path`. */
  error(path: Path, message: string): void {
    this.errors.push({ path: formatPath(path), message });
  }

  /** Records "expected …, got …" at `path`; returns undefined so a reader can return it. */
  typeError(path: Path, expected: string, got: unknown): undefined {
    this.error(path, `expected ${expected}, got ${show(got)}`);
    return undefined;
  }

  /** Records a reference to an id, checked once the whole programme is read (checkReferences). */
  ref(path: Path, kind: RefKind, id: string): void {
    this.refs.push({ path, kind, id });
  }

  /** Reads an id that refers to another entity, recording the reference. */
  refString(value: unknown, path: Path, kind: RefKind): string | undefined {
    if (typeof value !== 'string' || value === '') return this.typeError(path, `a ${kind} id`, value);
    this.ref(path, kind, value);
    return value;
  }

  /** Reads a mapping; reports "required" for nothing and a type error for anything else. */
  object(value: unknown, path: Path): Obj | undefined {
    if (value === undefined || value === null) {
      this.error(path, 'required');
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) return this.typeError(path, 'a mapping', value);
    return value as Obj;
  }

  /** Reports each key of `o` that is not in `allowed`, with a close spelling if there is one. */
  fields(o: Obj, path: Path, allowed: string[]): void {
    for (const key of Object.keys(o)) {
      if (!allowed.includes(key)) this.error([...path, key], `unknown field${suggest(key, allowed)} (allowed: ${allowed.join(', ')})`);
    }
  }

  /** Reads the list at `key`, each item through `item`; settings may also be a mapping keyed by id (`map`). */
  list<T>(
    o: Obj,
    key: string,
    path: Path,
    item: (o: Obj, path: Path) => T | undefined,
    opts: { optionalList?: boolean; map?: boolean } = {},
  ): T[] {
    const value = o[key];
    const p = [...path, key];
    if (value === undefined || value === null) {
      if (!opts.optionalList) this.error(p, 'required');
      return [];
    }
    // Settings may be written as a mapping keyed by id.
    if (opts.map && typeof value === 'object' && !Array.isArray(value)) {
      const out: T[] = [];
      for (const [id, v] of Object.entries(value as Obj)) {
        const itemPath = [...p, id];
        const obj = this.object(v, itemPath);
        if (!obj) continue;
        const r = item({ id, ...obj }, itemPath);
        if (r !== undefined) out.push(r);
      }
      return out;
    }
    if (!Array.isArray(value)) return this.typeError(p, 'a list', value) ?? [];
    const out: T[] = [];
    value.forEach((v, i) => {
      const obj = this.object(v, [...p, i]);
      if (!obj) return;
      const r = item(obj, [...p, i]);
      if (r !== undefined) out.push(r);
    });
    return out;
  }

  /** Reads text (a number is taken as its text); required unless `required: false`. */
  string(o: Obj, key: string, path: Path, opts: { required?: boolean } = {}): string | undefined {
    const v = o[key];
    if (v === undefined || v === null) {
      if (opts.required !== false) this.error([...path, key], 'required');
      return undefined;
    }
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string') return this.typeError([...path, key], 'text', v);
    if (v.trim() === '') {
      this.error([...path, key], 'must not be empty');
      return undefined;
    }
    return v;
  }

  /** Reads an optional list of text. */
  strings(o: Obj, key: string, path: Path): string[] {
    const v = o[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) return this.typeError([...path, key], 'a list of text', v) ?? [];
    const out: string[] = [];
    v.forEach((x, i) => {
      if (typeof x === 'string' && x.trim()) out.push(x);
      else if (typeof x === 'number') out.push(String(x));
      else this.typeError([...path, key, i], 'text', x);
    });
    return out;
  }

  /** Reads an id: lower-case letters, digits and hyphens. */
  id(o: Obj, key: string, path: Path): string | undefined {
    const v = this.string(o, key, path);
    if (v === undefined) return undefined;
    if (!ID.test(v)) {
      this.error([...path, key], `"${v}" is not a valid id (lower-case letters, digits and hyphens, e.g. "dx-leader")`);
      return undefined;
    }
    return v;
  }

  /** Reads a label: text (Japanese) or { ja, en }. */
  label(o: Obj, key: string, path: Path): Label | undefined {
    const v = o[key];
    const p = [...path, key];
    if (v === undefined || v === null) {
      this.error(p, 'required');
      return undefined;
    }
    if (typeof v === 'string') {
      if (!v.trim()) this.error(p, 'must not be empty');
      return { ja: v };
    }
    const l = this.object(v, p);
    if (!l) return undefined;
    this.fields(l, p, ['ja', 'en']);
    const ja = this.string(l, 'ja', p);
    const en = this.string(l, 'en', p, { required: false });
    return ja === undefined ? undefined : en === undefined ? { ja } : { ja, en };
  }

  /** Reads a number or a `$setting`, within the bounds given. */
  number(o: Obj, key: string, path: Path, opts: { integer?: boolean; min?: number; max?: number } = {}): number | undefined {
    const v = o[key];
    const p = [...path, key];
    if (v === undefined || v === null) {
      this.error(p, 'required');
      return undefined;
    }
    const n = this.numberValue(v, p);
    if (n === undefined) return undefined;
    if (opts.integer && !Number.isInteger(n)) return this.typeError(p, 'a whole number', v);
    if (opts.min !== undefined && n < opts.min) {
      this.error(p, `must be at least ${opts.min}, got ${n}`);
      return undefined;
    }
    if (opts.max !== undefined && n > opts.max) {
      this.error(p, `must be at most ${opts.max}, got ${n}`);
      return undefined;
    }
    return n;
  }

  /** A number, or a `$setting` reference resolved to the setting's value. */
  numberValue(v: unknown, p: Path): number | undefined {
    if (typeof v === 'string' && v.startsWith('$')) {
      const id = v.slice(1);
      const s = this.settings.get(id);
      if (!s) {
        this.error(p, `unknown setting "${v}"${suggest(id, [...this.settings.keys()])}`);
        return undefined;
      }
      this.usedSettings.add(id);
      return Number.isNaN(s.value) ? undefined : s.value;
    }
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.typeError(p, 'a number', v);
    return v;
  }

  /** Reads true or false, or `fallback` when absent. */
  boolean(o: Obj, key: string, path: Path, fallback: boolean): boolean {
    const v = o[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') return this.typeError([...path, key], 'true or false', v) ?? fallback;
    return v;
  }

  /** Reads one of the allowed words, suggesting a close one when the word is not allowed. */
  oneOf<T extends string>(o: Obj, key: string, path: Path, allowed: readonly T[], opts: { required?: boolean } = {}): T | undefined {
    const v = o[key];
    if (v === undefined || v === null) {
      if (opts.required !== false) this.error([...path, key], `required (one of ${allowed.join(', ')})`);
      return undefined;
    }
    if (typeof v !== 'string' || !allowed.includes(v as T)) {
      this.error([...path, key], `expected one of ${allowed.join(', ')}, got ${show(v)}${typeof v === 'string' ? suggest(v, allowed) : ''}`);
      return undefined;
    }
    return v as T;
  }

  /** Reads a date like 2026-12-25. */
  date(o: Obj, key: string, path: Path): string | undefined {
    const v = o[key];
    // YAML turns 2026-12-25 into a Date when the schema allows timestamps; accept both.
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : v;
    if (typeof s !== 'string' || !isLocalDate(s)) return this.typeError([...path, key], 'a date like 2026-12-25', v);
    return s;
  }

  /** Reads a fiscal year (年度): 2025, R7, 令和7 or a `$setting`. */
  fiscalYear(o: Obj, key: string, path: Path): FiscalYear | undefined {
    const v = o[key];
    const fy =
      typeof v === 'number'
        ? v
        : typeof v === 'string' && v.startsWith('$')
          ? this.numberValue(v, [...path, key])
          : typeof v === 'string'
            ? parseFiscalYearKey(v)
            : undefined;
    if (fy === undefined || !Number.isInteger(fy) || fy < 2000 || fy > 2100) {
      return this.typeError([...path, key], 'a fiscal year like 2025 or R7', v);
    }
    return fy;
  }

  /** Reads an optional time of day like "09:30". */
  time(o: Obj, key: string, path: Path): string | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !TIME.test(v)) return this.typeError([...path, key], 'a time like "09:30"', v);
    return v;
  }

  /** Reads an optional https:// address. */
  url(o: Obj, key: string, path: Path): string | undefined {
    const v = this.string(o, key, path, { required: false });
    if (v === undefined) return undefined;
    if (!/^https:\/\/[^\s]+$/.test(v)) {
      this.error([...path, key], `expected an https:// address, got "${v}"`);
      return undefined;
    }
    return v;
  }
}
