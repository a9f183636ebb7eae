import type { FiscalYear } from './fiscal-calendar';
import type { Label } from './label';
import { isLocalDate, makeDate } from './local-date';
import type {
  Certification,
  ContributionKind,
  Course,
  CourseDue,
  CourseGroup,
  DigestSchedule,
  Grade,
  Kpi,
  KpiMeasure,
  KpiUnit,
  NominationRules,
  Perspective,
  Population,
  Programme,
  ProjectRequirement,
  Qualification,
  ReminderPolicy,
  Requirement,
  Role,
  RoleAssignment,
  Scale,
  Scales,
  Setting,
  SkillMap,
  Step,
} from './programme';

/** One mistake in a programme definition: where (`roles[2].steps[1].requires`) and why. */
export interface ProgrammeError {
  path: string;
  message: string;
}

export type ProgrammeResult = { ok: true; programme: Programme } | { ok: false; errors: ProgrammeError[] };

type Path = ReadonlyArray<string | number>;
type Obj = Record<string, unknown>;

/** Formats a path as people read it: `roles[2].steps[1].requires`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(root)';
}

const ID = /^[a-z0-9][a-z0-9-]*$/;
const SETTING_ID = /^[a-zA-Z][a-zA-Z0-9-]*$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

type RefKind =
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

const REQUIREMENT_KINDS = [
  'allOf',
  'anyOf',
  'atLeast',
  'course',
  'hours',
  'courses',
  'qualification',
  'project',
  'contribution',
  'certification',
  'skill',
  'role',
] as const;

const TOP_LEVEL_FIELDS = [
  'id',
  'version',
  'label',
  'municipality',
  'source',
  'planStartFiscalYear',
  'settings',
  'grades',
  'perspectives',
  'scales',
  'courses',
  'courseGroups',
  'qualifications',
  'contributionKinds',
  'skillMap',
  'roles',
  'certifications',
  'kpis',
  'reminders',
  'digest',
];

/**
 * Validates a parsed programme definition (the object a YAML file becomes). Reports every error
 * with its path and reason rather than stopping at the first, and resolves `$setting` references.
 */
export function validateProgramme(input: unknown): ProgrammeResult {
  return new ProgrammeReader().read(input);
}

class ProgrammeReader {
  private readonly errors: ProgrammeError[] = [];
  private readonly refs: Array<{ path: Path; kind: RefKind; id: string }> = [];
  private readonly settings = new Map<string, Setting>();
  /** Where each setting was written: `settings.reportMinScore` (mapping) or `settings[0]` (list). */
  private readonly settingPaths = new Map<string, Path>();
  private readonly usedSettings = new Set<string>();
  private planStart = 0;
  private readonly certDeps = new Map<string, { path: Path; deps: Set<string> }>();
  /** Skill and project requirements with where they were written, checked against the scales at the end. */
  private readonly scored: Array<{ path: Path; req: Requirement }> = [];

  read(input: unknown): ProgrammeResult {
    const root = this.object(input, []);
    if (!root) return { ok: false, errors: this.errors };
    this.fields(root, [], TOP_LEVEL_FIELDS);

    const settings = this.list(root, 'settings', [], (o, p) => this.setting(o, p), { optionalList: true, map: true });
    for (const s of settings) this.settings.set(s.id, s);

    this.planStart = this.fiscalYear(root, 'planStartFiscalYear', []) ?? 0;
    const programme: Programme = {
      id: this.id(root, 'id', []) ?? '',
      version: this.string(root, 'version', [], { required: false }) ?? '1',
      label: this.label(root, 'label', []) ?? { ja: '' },
      municipality: this.label(root, 'municipality', []) ?? { ja: '' },
      source: this.source(root),
      planStartFiscalYear: this.planStart,
      settings,
      grades: this.list(root, 'grades', [], (o, p) => this.grade(o, p)),
      perspectives: this.list(root, 'perspectives', [], (o, p) => this.perspective(o, p), { optionalList: true }),
      scales: this.scales(root),
      courses: this.list(root, 'courses', [], (o, p) => this.course(o, p), { optionalList: true }),
      courseGroups: this.list(root, 'courseGroups', [], (o, p) => this.courseGroup(o, p), { optionalList: true }),
      qualifications: this.list(root, 'qualifications', [], (o, p) => this.qualification(o, p), { optionalList: true }),
      contributionKinds: this.list(root, 'contributionKinds', [], (o, p) => this.contributionKind(o, p), {
        optionalList: true,
      }),
      skillMap: root.skillMap === undefined ? undefined : this.skillMap(root.skillMap, ['skillMap']),
      roles: this.list(root, 'roles', [], (o, p) => this.role(o, p)),
      certifications: this.list(root, 'certifications', [], (o, p) => this.certification(o, p), { optionalList: true }),
      kpis: this.list(root, 'kpis', [], (o, p) => this.kpi(o, p), { optionalList: true }),
      reminders: this.reminders(root.reminders),
      digest: this.digest(root.digest),
    };

    this.checkUnique(programme);
    this.checkReferences(programme);
    this.checkScales(programme);
    this.checkCertificationCycles();
    this.checkKpiSteps(programme);
    for (const s of settings) {
      if (!this.usedSettings.has(s.id)) this.error(this.settingPaths.get(s.id) ?? ['settings', s.id], `setting "${s.id}" is never used`);
    }
    if (this.errors.length > 0) return { ok: false, errors: this.errors };
    return { ok: true, programme };
  }

  // ---- entities -------------------------------------------------------------------------------

  private source(root: Obj): Programme['source'] {
    const path = ['source'];
    if (typeof root.source === 'string') return { title: root.source };
    const o = this.object(root.source, path);
    if (!o) return { title: '' };
    this.fields(o, path, ['title', 'issuer', 'issuedOn', 'url']);
    return {
      title: this.string(o, 'title', path) ?? '',
      issuer: this.string(o, 'issuer', path, { required: false }),
      issuedOn: this.string(o, 'issuedOn', path, { required: false }),
      url: this.string(o, 'url', path, { required: false }),
    };
  }

  private setting(o: Obj, path: Path): Setting | undefined {
    this.fields(o, path, ['id', 'label', 'value', 'fillIn', 'note']);
    const value = o.value;
    let n: number | undefined;
    if (typeof value === 'string' && value.startsWith('$')) {
      this.error([...path, 'value'], 'a setting cannot refer to another setting');
    } else n = typeof value === 'number' ? value : this.number(o, 'value', path);
    const id = typeof o.id === 'string' ? o.id : '';
    this.settingPaths.set(id, path);
    if (!SETTING_ID.test(id)) this.error([...path, 'id'], `"${id}" is not a valid setting name (letters, digits and hyphens, starting with a letter)`);
    return {
      id,
      label: this.label(o, 'label', path) ?? { ja: '' },
      // NaN marks a value already reported here; places that use the setting stay quiet (numberValue).
      value: n ?? NaN,
      fillIn: this.boolean(o, 'fillIn', path, false),
      note: this.string(o, 'note', path, { required: false }),
    };
  }

  private grade(o: Obj, path: Path): Grade {
    this.fields(o, path, ['id', 'label', 'rank', 'aliases', 'manages']);
    return {
      id: this.id(o, 'id', path) ?? '',
      label: this.label(o, 'label', path) ?? { ja: '' },
      rank: this.number(o, 'rank', path, { integer: true, min: 0 }) ?? 0,
      aliases: this.strings(o, 'aliases', path),
      manages: this.oneOf(o, 'manages', path, ['section', 'department'] as const, { required: false }),
    };
  }

  private perspective(o: Obj, path: Path): Perspective {
    this.fields(o, path, ['id', 'label', 'aliases', 'aspect']);
    return {
      id: this.id(o, 'id', path) ?? '',
      label: this.label(o, 'label', path) ?? { ja: '' },
      aliases: this.strings(o, 'aliases', path),
      aspect: o.aspect === undefined ? undefined : this.label(o, 'aspect', path),
    };
  }

  private scales(root: Obj): Scales {
    const defaults: Scales = { evaluation: { min: 1, max: 5 }, report: { min: 1, max: 5 }, skillLevel: { min: 0, max: 3 } };
    if (root.scales === undefined) return defaults;
    const path = ['scales'];
    const o = this.object(root.scales, path);
    if (!o) return defaults;
    this.fields(o, path, ['evaluation', 'report', 'skillLevel']);
    const scale = (key: keyof Scales): Scale => {
      if (o[key] === undefined) return defaults[key];
      const p = [...path, key];
      const s = this.object(o[key], p);
      if (!s) return defaults[key];
      this.fields(s, p, ['min', 'max']);
      const min = this.number(s, 'min', p) ?? 0;
      const max = this.number(s, 'max', p) ?? 0;
      if (max <= min) this.error(p, `max (${max}) must be greater than min (${min})`);
      return { min, max };
    };
    return { evaluation: scale('evaluation'), report: scale('report'), skillLevel: scale('skillLevel') };
  }

  private course(o: Obj, path: Path): Course {
    this.fields(o, path, ['id', 'label', 'category', 'hours', 'provider', 'url', 'due', 'renewsEveryFiscalYear', 'aliases']);
    return {
      id: this.id(o, 'id', path) ?? '',
      label: this.label(o, 'label', path) ?? { ja: '' },
      category: this.string(o, 'category', path, { required: false }),
      hours: o.hours === undefined ? undefined : this.number(o, 'hours', path, { min: 0 }),
      provider: this.string(o, 'provider', path, { required: false }),
      url: this.url(o, 'url', path),
      due: o.due === undefined ? undefined : this.due(o.due, [...path, 'due']),
      renewsEveryFiscalYear: this.boolean(o, 'renewsEveryFiscalYear', path, false),
      aliases: this.strings(o, 'aliases', path),
    };
  }

  private due(value: unknown, path: Path): CourseDue | undefined {
    const o = this.object(value, path);
    if (!o) return undefined;
    this.fields(o, path, ['date', 'fiscalMonthDay', 'monthsAfterRoleStart']);
    const keys = ['date', 'fiscalMonthDay', 'monthsAfterRoleStart'].filter((k) => o[k] !== undefined);
    if (keys.length !== 1) {
      this.error(path, 'give exactly one of date, fiscalMonthDay or monthsAfterRoleStart');
      return undefined;
    }
    if (o.date !== undefined) {
      const date = this.date(o, 'date', path);
      return date ? { kind: 'date', date } : undefined;
    }
    if (o.fiscalMonthDay !== undefined) {
      const raw = o.fiscalMonthDay;
      const p = [...path, 'fiscalMonthDay'];
      let month: number | undefined;
      let day: number | undefined;
      if (typeof raw === 'string') {
        const m = /^(\d{1,2})-(\d{1,2})$/.exec(raw);
        if (m) [month, day] = [Number(m[1]), Number(m[2])];
      } else if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
        // { month: 12, day: $dueDay }: the mapping form takes settings (「12月頃」 left to the municipality).
        const md = raw as Obj;
        this.fields(md, p, ['month', 'day']);
        month = this.number(md, 'month', p, { integer: true });
        day = this.number(md, 'day', p, { integer: true });
        if (month === undefined || day === undefined) return undefined;
      }
      // Any leap year accepts 02-29; the engine clamps it in other years.
      if (month === undefined || day === undefined || !makeDate(2024, month, day)) {
        this.error(p, `expected a month and day like "12-25" or { month: 12, day: 25 }, got ${show(raw)}`);
        return undefined;
      }
      return { kind: 'fiscalMonthDay', month, day };
    }
    const months = this.number(o, 'monthsAfterRoleStart', path, { integer: true, min: 1 });
    return months === undefined ? undefined : { kind: 'afterRoleStart', months };
  }

  private courseGroup(o: Obj, path: Path): CourseGroup {
    this.fields(o, path, ['id', 'label', 'courses', 'categories']);
    const courses = this.strings(o, 'courses', path);
    courses.forEach((c, i) => this.ref([...path, 'courses', i], 'course', c));
    const categories = this.strings(o, 'categories', path);
    if (courses.length === 0 && categories.length === 0) {
      this.error(path, 'a course group needs courses, categories or both');
    }
    return { id: this.id(o, 'id', path) ?? '', label: this.label(o, 'label', path) ?? { ja: '' }, courses, categories };
  }

  private qualification(o: Obj, path: Path): Qualification {
    this.fields(o, path, ['id', 'label', 'aliases', 'support']);
    let support: Qualification['support'];
    if (o.support !== undefined) {
      const p = [...path, 'support'];
      const s = this.object(o.support, p);
      if (s) {
        this.fields(s, p, ['examPreparation', 'feeSubsidy', 'note']);
        support = {
          examPreparation: this.boolean(s, 'examPreparation', p, false),
          feeSubsidy: this.boolean(s, 'feeSubsidy', p, false),
          note: s.note === undefined ? undefined : this.label(s, 'note', p),
        };
      }
    }
    return {
      id: this.id(o, 'id', path) ?? '',
      label: this.label(o, 'label', path) ?? { ja: '' },
      aliases: this.strings(o, 'aliases', path),
      support,
    };
  }

  private contributionKind(o: Obj, path: Path): ContributionKind {
    this.fields(o, path, ['id', 'label', 'aliases']);
    return { id: this.id(o, 'id', path) ?? '', label: this.label(o, 'label', path) ?? { ja: '' }, aliases: this.strings(o, 'aliases', path) };
  }

  private skillMap(value: unknown, path: Path): SkillMap | undefined {
    const o = this.object(value, path);
    if (!o) return undefined;
    this.fields(o, path, ['label', 'skills', 'levels', 'expectations']);
    const skills = this.list(o, 'skills', path, (s, p) => {
      this.fields(s, p, ['id', 'label', 'category', 'description']);
      return {
        id: this.id(s, 'id', p) ?? '',
        label: this.label(s, 'label', p) ?? { ja: '' },
        category: s.category === undefined ? undefined : this.label(s, 'category', p),
        description: s.description === undefined ? undefined : this.label(s, 'description', p),
      };
    });
    const levels = this.list(o, 'levels', path, (l, p) => {
      this.fields(l, p, ['level', 'label']);
      return { level: this.number(l, 'level', p, { integer: true, min: 0 }) ?? 0, label: this.label(l, 'label', p) ?? { ja: '' } };
    });
    const levelSet = new Set(levels.map((l) => l.level));
    const expectations = this.list(
      o,
      'expectations',
      path,
      (e, p) => {
        this.fields(e, p, ['holder', 'skill', 'level', 'description']);
        const holder = this.string(e, 'holder', p) ?? '';
        const skill = this.string(e, 'skill', p) ?? '';
        if (holder) this.ref([...p, 'holder'], 'role or certification', holder);
        if (skill) this.ref([...p, 'skill'], 'skill', skill);
        const level = this.number(e, 'level', p, { integer: true }) ?? 0;
        if (levels.length > 0 && !levelSet.has(level)) {
          this.error([...p, 'level'], `level ${level} is not one of the skill map's levels (${[...levelSet].join(', ')})`);
        }
        return { holder, skill, level, description: e.description === undefined ? undefined : this.label(e, 'description', p) };
      },
      { optionalList: true },
    );
    return { label: this.label(o, 'label', path) ?? { ja: '' }, skills, levels, expectations };
  }

  private role(o: Obj, path: Path): Role {
    this.fields(o, path, ['id', 'label', 'description', 'aliases', 'assignment', 'grades', 'excludeRoles', 'certification', 'nomination', 'steps', 'external']);
    const assignment =
      this.oneOf(o, 'assignment', path, ['all', 'grade', 'nominated', 'appointed', 'certified'] as const) ?? 'appointed';
    const grades = this.strings(o, 'grades', path);
    grades.forEach((g, i) => this.ref([...path, 'grades', i], 'grade', g));
    if (assignment === 'grade' && grades.length === 0) {
      this.error([...path, 'grades'], 'a role assigned by grade needs the grades that hold it');
    }
    if (assignment !== 'grade' && grades.length > 0) {
      this.error([...path, 'grades'], `grades only apply to assignment "grade" (this role is "${assignment}")`);
    }
    const certification = this.string(o, 'certification', path, { required: assignment === 'certified' });
    if (certification) this.ref([...path, 'certification'], 'certification', certification);
    if (certification && assignment !== 'certified') {
      this.error([...path, 'certification'], `certification only applies to assignment "certified" (this role is "${assignment}")`);
    }
    const nomination = o.nomination === undefined ? undefined : this.nomination(o.nomination, [...path, 'nomination']);
    if (assignment === 'nominated' && !nomination) {
      this.error([...path, 'nomination'], 'a nominated role needs nomination rules (eligibleGrades, seats, approver)');
    }
    if (nomination && assignment !== 'nominated') {
      this.error([...path, 'nomination'], `nomination rules only apply to assignment "nominated" (this role is "${assignment}")`);
    }
    const external = this.boolean(o, 'external', path, false);
    const steps = this.list(o, 'steps', path, (s, p) => this.step(s, p), { optionalList: true });
    // 柏市: 全職員 = 「DXスペシャリスト人材」「DX推進人材」以外の職員.
    const excludeRoles = this.strings(o, 'excludeRoles', path);
    excludeRoles.forEach((r, i) => this.ref([...path, 'excludeRoles', i], 'role', r));
    if (excludeRoles.length > 0 && assignment !== 'all') {
      this.error([...path, 'excludeRoles'], `excludeRoles only applies to assignment "all" (this role is "${assignment}")`);
    }
    return {
      id: this.id(o, 'id', path) ?? '',
      label: this.label(o, 'label', path) ?? { ja: '' },
      description: o.description === undefined ? undefined : this.label(o, 'description', path),
      aliases: this.strings(o, 'aliases', path),
      assignment: assignment as RoleAssignment,
      grades,
      excludeRoles,
      certification,
      nomination,
      steps,
      external,
    };
  }

  private nomination(value: unknown, path: Path): NominationRules | undefined {
    const o = this.object(value, path);
    if (!o) return undefined;
    this.fields(o, path, ['eligibleGrades', 'gradeRuleStrict', 'seatsPerSection', 'seatsPerDepartment', 'transferWindowMonths', 'approver']);
    const eligibleGrades = this.strings(o, 'eligibleGrades', path);
    eligibleGrades.forEach((g, i) => this.ref([...path, 'eligibleGrades', i], 'grade', g));
    return {
      eligibleGrades,
      gradeRuleStrict: this.boolean(o, 'gradeRuleStrict', path, true),
      seatsPerSection: o.seatsPerSection === undefined ? undefined : this.number(o, 'seatsPerSection', path, { integer: true, min: 1 }),
      seatsPerDepartment:
        o.seatsPerDepartment === undefined ? undefined : this.number(o, 'seatsPerDepartment', path, { integer: true, min: 1 }),
      transferWindowMonths:
        o.transferWindowMonths === undefined ? 6 : (this.number(o, 'transferWindowMonths', path, { integer: true, min: 0 }) ?? 6),
      approver:
        this.oneOf(o, 'approver', path, ['sectionManager', 'departmentManager', 'programmeOffice'] as const, { required: false }) ??
        'sectionManager',
    };
  }

  private step(o: Obj, path: Path): Step {
    this.fields(o, path, ['id', 'label', 'description', 'optional', 'requires']);
    const requires = this.requirement(o.requires, [...path, 'requires']);
    return {
      id: this.id(o, 'id', path) ?? '',
      label: this.label(o, 'label', path) ?? { ja: '' },
      description: o.description === undefined ? undefined : this.label(o, 'description', path),
      optional: this.boolean(o, 'optional', path, false),
      requires: requires ?? { kind: 'allOf', items: [] },
    };
  }

  private certification(o: Obj, path: Path): Certification {
    this.fields(o, path, ['id', 'label', 'description', 'aliases', 'level', 'requires']);
    const id = this.id(o, 'id', path) ?? '';
    const before = this.refs.length;
    const requires = this.requirement(o.requires, [...path, 'requires']) ?? { kind: 'allOf', items: [] };
    const deps = new Set(this.refs.slice(before).filter((r) => r.kind === 'certification').map((r) => r.id));
    if (id) this.certDeps.set(id, { path, deps });
    return {
      id,
      label: this.label(o, 'label', path) ?? { ja: '' },
      description: o.description === undefined ? undefined : this.label(o, 'description', path),
      aliases: this.strings(o, 'aliases', path),
      level: this.number(o, 'level', path, { integer: true, min: 1 }) ?? 1,
      requires,
    };
  }

  // ---- requirements ---------------------------------------------------------------------------

  private requirement(value: unknown, path: Path): Requirement | undefined {
    if (value === undefined || value === null) {
      this.error(path, 'required');
      return undefined;
    }
    // A bare list is shorthand for allOf.
    if (Array.isArray(value)) return { kind: 'allOf', items: this.requirementList(value, path) };
    const o = this.object(value, path);
    if (!o) return undefined;
    const kinds = Object.keys(o).filter((k) => k !== 'label');
    if (kinds.length !== 1) {
      if (kinds.length === 0) this.error(path, `a requirement needs one of: ${REQUIREMENT_KINDS.join(', ')}`);
      else this.error(path, `a requirement has exactly one kind, got ${kinds.map((k) => `"${k}"`).join(' and ')} (wrap them in allOf)`);
      return undefined;
    }
    const kind = kinds[0]!;
    const label = o.label === undefined ? undefined : this.label(o, 'label', path);
    const body = o[kind];
    const p = [...path, kind];
    switch (kind) {
      case 'allOf':
      case 'anyOf': {
        if (!Array.isArray(body)) return this.typeError(p, 'a list of requirements', body);
        if (body.length === 0) this.error(p, 'needs at least one requirement');
        return { kind, items: this.requirementList(body, p), label };
      }
      case 'atLeast': {
        const b = this.object(body, p);
        if (!b) return undefined;
        this.fields(b, p, ['n', 'of']);
        const n = this.number(b, 'n', p, { integer: true, min: 1 }) ?? 1;
        if (!Array.isArray(b.of)) return this.typeError([...p, 'of'], 'a list of requirements', b.of);
        const items = this.requirementList(b.of, [...p, 'of']);
        if (n > b.of.length) this.error([...p, 'n'], `needs ${n} of only ${b.of.length} requirements`);
        return { kind: 'atLeast', n, items, label };
      }
      case 'course': {
        const id = this.refString(body, p, 'course');
        return id === undefined ? undefined : { kind: 'course', course: id, label };
      }
      case 'hours':
      case 'courses': {
        const b = this.object(body, p);
        if (!b) return undefined;
        this.fields(b, p, ['group', 'min', 'withinFiscalYear']);
        const group = this.string(b, 'group', p);
        if (group) this.ref([...p, 'group'], 'course group', group);
        const min = this.number(b, 'min', p, { min: 0, integer: kind === 'courses' }) ?? 0;
        return { kind, group: group ?? '', min, withinFiscalYear: this.boolean(b, 'withinFiscalYear', p, false), label };
      }
      case 'qualification': {
        const ids = typeof body === 'string' ? [body] : Array.isArray(body) ? body : undefined;
        if (!ids || ids.length === 0 || !ids.every((x) => typeof x === 'string')) {
          return this.typeError(p, 'a qualification id or a list of ids (any one of them)', body);
        }
        ids.forEach((q, i) => this.ref(typeof body === 'string' ? p : [...p, i], 'qualification', q as string));
        return { kind: 'qualification', anyOf: ids as string[], label };
      }
      case 'project':
        return this.projectRequirement(body, p, label);
      case 'contribution': {
        if (typeof body === 'string') {
          this.ref(p, 'contribution kind', body);
          return { kind: 'contribution', contribution: body, min: 1, label };
        }
        const b = this.object(body, p);
        if (!b) return undefined;
        this.fields(b, p, ['kind', 'min', 'withinMonths']);
        const c = this.string(b, 'kind', p);
        if (c) this.ref([...p, 'kind'], 'contribution kind', c);
        return {
          kind: 'contribution',
          contribution: c ?? '',
          min: b.min === undefined ? 1 : (this.number(b, 'min', p, { integer: true, min: 1 }) ?? 1),
          withinMonths: b.withinMonths === undefined ? undefined : this.number(b, 'withinMonths', p, { integer: true, min: 1 }),
          label,
        };
      }
      case 'certification': {
        const id = this.refString(body, p, 'certification');
        return id === undefined ? undefined : { kind: 'certification', certification: id, label };
      }
      case 'skill': {
        const b = this.object(body, p);
        if (!b) return undefined;
        this.fields(b, p, ['id', 'level', 'assessedBy']);
        const id = this.string(b, 'id', p);
        if (id) this.ref([...p, 'id'], 'skill', id);
        // Level 0 would be met by any assessment and by none: it asks nothing, so it is refused.
        const level = this.number(b, 'level', p, { integer: true, min: 1 });
        const req: Requirement = {
          kind: 'skill',
          skill: id ?? '',
          level: level ?? 0,
          assessedBy: this.oneOf(b, 'assessedBy', p, ['self', 'manager', 'any'] as const, { required: false }) ?? 'any',
          label,
        };
        if (level !== undefined) this.scored.push({ path: p, req });
        return req;
      }
      case 'role': {
        const b = this.object(body, p);
        if (!b) return undefined;
        this.fields(b, p, ['id', 'months']);
        const id = this.string(b, 'id', p);
        if (id) this.ref([...p, 'id'], 'role', id);
        return { kind: 'roleHeld', role: id ?? '', months: this.number(b, 'months', p, { integer: true, min: 0 }) ?? 0, label };
      }
      default:
        this.error(path, `unknown requirement kind "${kind}"${suggest(kind, REQUIREMENT_KINDS)} (expected one of ${REQUIREMENT_KINDS.join(', ')})`);
        return undefined;
    }
  }

  private requirementList(items: unknown[], path: Path): Requirement[] {
    const out: Requirement[] = [];
    items.forEach((item, i) => {
      const r = this.requirement(item, [...path, i]);
      if (r) out.push(r);
    });
    return out;
  }

  private projectRequirement(body: unknown, p: Path, label: Label | undefined): ProjectRequirement | undefined {
    const b = this.object(body, p);
    if (!b) return undefined;
    this.fields(b, p, ['as', 'count', 'months', 'consecutiveFiscalYears', 'completed', 'reportScore', 'evaluations']);
    const evaluations: Record<string, number> = {};
    if (b.evaluations !== undefined) {
      const ep = [...p, 'evaluations'];
      const e = this.object(b.evaluations, ep);
      if (e) {
        for (const key of Object.keys(e)) {
          this.ref([...ep, key], 'perspective', key);
          const v = this.number(e, key, ep);
          if (v !== undefined) evaluations[key] = v;
        }
      }
    }
    const reportScore = b.reportScore === undefined ? undefined : this.number(b, 'reportScore', p);
    const req: ProjectRequirement = {
      kind: 'project',
      as: this.oneOf(b, 'as', p, ['leader', 'member', 'any'] as const) ?? 'any',
      count: b.count === undefined ? 1 : (this.number(b, 'count', p, { integer: true, min: 1 }) ?? 1),
      months: b.months === undefined ? undefined : this.number(b, 'months', p, { integer: true, min: 1 }),
      consecutiveFiscalYears:
        b.consecutiveFiscalYears === undefined ? undefined : this.number(b, 'consecutiveFiscalYears', p, { integer: true, min: 2 }),
      completed: this.boolean(b, 'completed', p, true),
      reportScore,
      evaluations,
      label,
    };
    this.scored.push({ path: p, req });
    return req;
  }

  // ---- KPIs, reminders, digest ----------------------------------------------------------------

  private kpi(o: Obj, path: Path): Kpi {
    this.fields(o, path, ['id', 'label', 'description', 'measure', 'unit', 'targets']);
    const measure = this.kpiMeasure(o.measure, [...path, 'measure']);
    const defaultUnit: KpiUnit =
      measure?.kind === 'completionRate' || measure?.kind === 'stepRate' || measure?.kind === 'coverage'
        ? 'percent'
        : measure?.kind === 'projects'
          ? 'projects'
          : 'people';
    const unit = this.oneOf(o, 'unit', path, ['percent', 'people', 'units', 'projects'] as const, { required: false }) ?? defaultUnit;
    const targets: Kpi['targets'] = [];
    const keyOfYear = new Map<FiscalYear, string>();
    if (o.targets !== undefined) {
      const tp = [...path, 'targets'];
      const t = this.object(o.targets, tp);
      if (t) {
        for (const key of Object.keys(t)) {
          // Y5 / 5年目: the fifth year of the plan (東京都テンプレート「5年以内」), from planStartFiscalYear.
          const planYear = /^(?:Y|year)(\d{1,2})$|^(\d{1,2})年目$/i.exec(key.normalize('NFKC'));
          const fy = planYear ? this.planStart + Number(planYear[1] ?? planYear[2]) - 1 : parseFiscalYearKey(key);
          if (fy === undefined || (planYear && Number(planYear[1] ?? planYear[2]) < 1)) {
            this.error([...tp, key], `"${key}" is not a fiscal year (write 2025, R7, 令和7, or Y5 for the fifth year of the plan)`);
            continue;
          }
          // 2026 and R8 are the same 年度: two targets for it leave the KPI ambiguous.
          const first = keyOfYear.get(fy);
          if (first !== undefined) {
            this.error([...tp, key], `fiscal year ${fy} has two targets ("${first}" and "${key}")`);
            continue;
          }
          keyOfYear.set(fy, key);
          const raw = t[key];
          let approximate = false;
          let v: number | undefined;
          if (typeof raw === 'string' && raw.startsWith('~')) {
            approximate = true;
            v = this.numberValue(raw.slice(1).trim(), [...tp, key]);
          } else v = this.number(t, key, tp, { min: 0 });
          if (v === undefined) continue;
          if (v < 0) {
            this.error([...tp, key], `must be at least 0, got ${v}`);
            continue;
          }
          if (unit === 'percent' && v > 100) this.error([...tp, key], `a percentage target cannot exceed 100, got ${v}`);
          targets.push({ fiscalYear: fy, value: v, approximate });
        }
        targets.sort((a, b) => a.fiscalYear - b.fiscalYear);
      }
    }
    return {
      id: this.id(o, 'id', path) ?? '',
      label: this.label(o, 'label', path) ?? { ja: '' },
      description: o.description === undefined ? undefined : this.label(o, 'description', path),
      measure: measure ?? { kind: 'projects' },
      unit,
      targets,
    };
  }

  private kpiMeasure(value: unknown, path: Path): KpiMeasure | undefined {
    const o = this.object(value, path);
    if (!o) return undefined;
    const kinds = Object.keys(o);
    const known = ['completionRate', 'stepRate', 'holders', 'coverage', 'projects'];
    if (kinds.length !== 1) {
      this.error(path, `a measure has exactly one of: ${known.join(', ')}`);
      return undefined;
    }
    const kind = kinds[0]!;
    const p = [...path, kind];
    const body = o[kind];
    switch (kind) {
      case 'completionRate': {
        const b = this.object(body, p);
        if (!b) return undefined;
        this.fields(b, p, ['course', 'group', 'minHours', 'population']);
        const course = this.string(b, 'course', p, { required: false });
        const group = this.string(b, 'group', p, { required: false });
        if (!!course === !!group) this.error(p, 'give exactly one of course or group');
        if (course) this.ref([...p, 'course'], 'course', course);
        if (group) this.ref([...p, 'group'], 'course group', group);
        const minHours = b.minHours === undefined ? undefined : this.number(b, 'minHours', p, { min: 0 });
        if (minHours !== undefined && !group) this.error([...p, 'minHours'], 'minHours applies to a course group');
        return { kind: 'completionRate', course, group, minHours, population: this.population(b.population, [...p, 'population']) };
      }
      case 'stepRate': {
        const b = this.object(body, p);
        if (!b) return undefined;
        this.fields(b, p, ['role', 'step', 'population']);
        const role = this.string(b, 'role', p) ?? '';
        if (role) this.ref([...p, 'role'], 'role', role);
        return {
          kind: 'stepRate',
          role,
          step: this.string(b, 'step', p) ?? '',
          population: b.population === undefined ? undefined : this.population(b.population, [...p, 'population']),
        };
      }
      case 'holders': {
        const b = this.object(body, p);
        if (!b) return undefined;
        this.fields(b, p, ['of', 'step']);
        const of = typeof b.of === 'string' ? [b.of] : this.strings(b, 'of', p);
        if (of.length === 0) this.error([...p, 'of'], 'required');
        of.forEach((x, i) => this.ref(typeof b.of === 'string' ? [...p, 'of'] : [...p, 'of', i], 'role or certification', x));
        const step = this.string(b, 'step', p, { required: false });
        return { kind: 'holders', of, step };
      }
      case 'coverage': {
        const b = this.object(body, p);
        if (!b) return undefined;
        this.fields(b, p, ['role', 'per', 'min', 'excludeDepartments']);
        const role = this.string(b, 'role', p) ?? '';
        if (role) this.ref([...p, 'role'], 'role', role);
        return {
          kind: 'coverage',
          role,
          per: this.oneOf(b, 'per', p, ['section', 'department'] as const, { required: false }) ?? 'section',
          min: b.min === undefined ? 1 : (this.number(b, 'min', p, { integer: true, min: 1 }) ?? 1),
          excludeDepartments: this.strings(b, 'excludeDepartments', p),
        };
      }
      case 'projects':
        if (body !== null && body !== true && !(typeof body === 'object' && Object.keys(body as object).length === 0)) {
          this.error(p, 'takes no options (write "projects: {}")');
        }
        return { kind: 'projects' };
      default:
        this.error(path, `unknown measure "${kind}"${suggest(kind, known)} (expected one of ${known.join(', ')})`);
        return undefined;
    }
  }

  private population(value: unknown, path: Path): Population {
    if (value === undefined || value === 'allStaff') return { kind: 'allStaff' };
    const o = this.object(value, path);
    if (!o) return { kind: 'allStaff' };
    this.fields(o, path, ['role', 'grades']);
    if (o.role !== undefined && o.grades !== undefined) {
      this.error(path, 'give either role or grades, not both');
    }
    if (o.role !== undefined) {
      const role = this.string(o, 'role', path) ?? '';
      if (role) this.ref([...path, 'role'], 'role', role);
      return { kind: 'role', role };
    }
    const grades = this.strings(o, 'grades', path);
    grades.forEach((g, i) => this.ref([...path, 'grades', i], 'grade', g));
    if (grades.length === 0) this.error(path, 'give allStaff, { role: … } or { grades: [...] }');
    return { kind: 'grades', grades };
  }

  private reminders(value: unknown): ReminderPolicy {
    const defaults: ReminderPolicy = {
      leadDays: [14, 3],
      overdueEveryDays: 7,
      minIntervalDays: 3,
      undatedEveryDays: 28,
      sendFrom: '09:30',
      sendUntil: '17:00',
      closedDays: [],
      dueOnClosedDay: 'previousWorkingDay',
    };
    if (value === undefined) return defaults;
    const path = ['reminders'];
    const o = this.object(value, path);
    if (!o) return defaults;
    this.fields(o, path, ['leadDays', 'overdueEveryDays', 'minIntervalDays', 'undatedEveryDays', 'sendFrom', 'sendUntil', 'closedDays', 'dueOnClosedDay']);
    let leadDays = defaults.leadDays;
    if (o.leadDays !== undefined) {
      if (!Array.isArray(o.leadDays)) this.typeError([...path, 'leadDays'], 'a list of days', o.leadDays);
      else {
        leadDays = [];
        o.leadDays.forEach((d, i) => {
          if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) this.typeError([...path, 'leadDays', i], 'a whole number of days ≥ 0', d);
          else leadDays.push(d);
        });
        leadDays.sort((a, b) => b - a);
      }
    }
    const sendFrom = this.time(o, 'sendFrom', path) ?? defaults.sendFrom;
    const sendUntil = this.time(o, 'sendUntil', path) ?? defaults.sendUntil;
    if (sendFrom >= sendUntil) this.error([...path, 'sendUntil'], `must be later than sendFrom (${sendFrom})`);
    const closedDays = this.strings(o, 'closedDays', path).filter((d, i) => {
      if (isLocalDate(d)) return true;
      this.error([...path, 'closedDays', i], `expected a date like 2026-08-14, got "${d}"`);
      return false;
    });
    return {
      leadDays,
      overdueEveryDays:
        o.overdueEveryDays === undefined ? defaults.overdueEveryDays : (this.number(o, 'overdueEveryDays', path, { integer: true, min: 1 }) ?? 7),
      minIntervalDays:
        o.minIntervalDays === undefined ? defaults.minIntervalDays : (this.number(o, 'minIntervalDays', path, { integer: true, min: 0 }) ?? 3),
      undatedEveryDays:
        o.undatedEveryDays === undefined ? defaults.undatedEveryDays : (this.number(o, 'undatedEveryDays', path, { integer: true, min: 0 }) ?? 28),
      sendFrom,
      sendUntil,
      closedDays,
      dueOnClosedDay:
        this.oneOf(o, 'dueOnClosedDay', path, ['previousWorkingDay', 'nextWorkingDay', 'asWritten'] as const, { required: false }) ?? defaults.dueOnClosedDay,
    };
  }

  private digest(value: unknown): DigestSchedule {
    const defaults: DigestSchedule = { weekday: 1, time: '09:00' };
    if (value === undefined) return defaults;
    const path = ['digest'];
    const o = this.object(value, path);
    if (!o) return defaults;
    this.fields(o, path, ['weekday', 'time']);
    const weekday = o.weekday === undefined ? 1 : (this.number(o, 'weekday', path, { integer: true, min: 1, max: 5 }) ?? 1);
    return { weekday, time: this.time(o, 'time', path) ?? defaults.time };
  }

  // ---- cross-checks -----------------------------------------------------------------------------

  private checkUnique(p: Programme): void {
    const groups: Array<[string, Array<{ id: string }>]> = [
      ['settings', p.settings],
      ['grades', p.grades],
      ['perspectives', p.perspectives],
      ['courses', p.courses],
      ['courseGroups', p.courseGroups],
      ['qualifications', p.qualifications],
      ['contributionKinds', p.contributionKinds],
      ['kpis', p.kpis],
    ];
    if (p.skillMap) groups.push(['skillMap.skills', p.skillMap.skills]);
    for (const [name, items] of groups) this.uniqueIds(name, items, new Map());
    // Roles and certifications share one namespace: the Roles list holds both.
    const shared = new Map<string, string>();
    this.uniqueIds('roles', p.roles, shared);
    this.uniqueIds('certifications', p.certifications, shared);
    p.roles.forEach((r, ri) => this.uniqueIds(`roles[${ri}].steps`, r.steps, new Map()));
  }

  private uniqueIds(name: string, items: Array<{ id: string }>, seen: Map<string, string>): void {
    items.forEach((item, i) => {
      if (!item.id) return;
      const here = `${name}[${i}]`;
      const first = seen.get(item.id);
      if (first) this.errors.push({ path: `${here}.id`, message: `duplicate id "${item.id}" (also ${first})` });
      else seen.set(item.id, here);
    });
  }

  private checkReferences(p: Programme): void {
    const ids: Record<RefKind, Set<string>> = {
      course: new Set(p.courses.map((x) => x.id)),
      'course group': new Set(p.courseGroups.map((x) => x.id)),
      qualification: new Set(p.qualifications.map((x) => x.id)),
      'contribution kind': new Set(p.contributionKinds.map((x) => x.id)),
      perspective: new Set(p.perspectives.map((x) => x.id)),
      skill: new Set((p.skillMap?.skills ?? []).map((x) => x.id)),
      role: new Set(p.roles.map((x) => x.id)),
      certification: new Set(p.certifications.map((x) => x.id)),
      'role or certification': new Set([...p.roles.map((x) => x.id), ...p.certifications.map((x) => x.id)]),
      grade: new Set(p.grades.map((x) => x.id)),
    };
    for (const r of this.refs) {
      const known = ids[r.kind];
      if (!known.has(r.id)) {
        this.error(r.path, `unknown ${r.kind} "${r.id}"${suggest(r.id, [...known])}`);
      }
    }
  }

  /** Skill levels and score thresholds in requirements must be on the programme's scales. */
  private checkScales(p: Programme): void {
    const { skillLevel, report, evaluation } = p.scales;
    for (const { path, req } of this.scored) {
      if (req.kind === 'skill' && (req.level < skillLevel.min || req.level > skillLevel.max)) {
        this.error([...path, 'level'], `skill level ${req.level} is outside the scale ${skillLevel.min}–${skillLevel.max}`);
      }
      if (req.kind === 'project') {
        if (req.reportScore !== undefined && (req.reportScore < report.min || req.reportScore > report.max)) {
          this.error([...path, 'reportScore'], `score ${req.reportScore} is outside the report scale ${report.min}–${report.max}`);
        }
        for (const [k, v] of Object.entries(req.evaluations)) {
          if (v < evaluation.min || v > evaluation.max) {
            this.error([...path, 'evaluations', k], `score ${v} is outside the evaluation scale ${evaluation.min}–${evaluation.max}`);
          }
        }
      }
    }
  }

  private checkCertificationCycles(): void {
    const state = new Map<string, 'visiting' | 'done'>();
    const walk = (id: string, trail: string[]): void => {
      if (state.get(id) === 'done') return;
      if (state.get(id) === 'visiting') {
        const cycle = [...trail.slice(trail.indexOf(id)), id];
        const entry = this.certDeps.get(cycle[0]!);
        this.error(entry ? [...entry.path, 'requires'] : ['certifications'], `certifications require each other in a cycle: ${cycle.join(' → ')}`);
        return;
      }
      state.set(id, 'visiting');
      for (const dep of this.certDeps.get(id)?.deps ?? []) if (this.certDeps.has(dep)) walk(dep, [...trail, id]);
      state.set(id, 'done');
    };
    for (const id of this.certDeps.keys()) walk(id, []);
  }

  private checkKpiSteps(p: Programme): void {
    const roles = new Map(p.roles.map((r) => [r.id, r]));
    p.kpis.forEach((k, i) => {
      const m = k.measure;
      const checkStep = (roleId: string, step: string | undefined, at: string): void => {
        const role = roles.get(roleId);
        if (role && step && !role.steps.some((s) => s.id === step)) {
          this.errors.push({
            path: at,
            message: `role "${roleId}" has no step "${step}"${suggest(step, role.steps.map((s) => s.id))}`,
          });
        }
      };
      if (m.kind === 'stepRate') checkStep(m.role, m.step, `kpis[${i}].measure.stepRate.step`);
      if (m.kind === 'holders' && m.step) {
        for (const id of m.of) {
          if (roles.has(id)) checkStep(id, m.step, `kpis[${i}].measure.holders.step`);
          else if (p.certifications.some((c) => c.id === id)) {
            this.errors.push({ path: `kpis[${i}].measure.holders.step`, message: `"${id}" is a certification, which has no steps` });
          }
        }
      }
    });
  }

  // ---- primitives -------------------------------------------------------------------------------

  private error(path: Path, message: string): void {
    this.errors.push({ path: formatPath(path), message });
  }

  private typeError(path: Path, expected: string, got: unknown): undefined {
    this.error(path, `expected ${expected}, got ${show(got)}`);
    return undefined;
  }

  private ref(path: Path, kind: RefKind, id: string): void {
    this.refs.push({ path, kind, id });
  }

  private refString(value: unknown, path: Path, kind: RefKind): string | undefined {
    if (typeof value !== 'string' || value === '') return this.typeError(path, `a ${kind} id`, value);
    this.ref(path, kind, value);
    return value;
  }

  private object(value: unknown, path: Path): Obj | undefined {
    if (value === undefined || value === null) {
      this.error(path, 'required');
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) return this.typeError(path, 'a mapping', value);
    return value as Obj;
  }

  private fields(o: Obj, path: Path, allowed: string[]): void {
    for (const key of Object.keys(o)) {
      if (!allowed.includes(key)) this.error([...path, key], `unknown field${suggest(key, allowed)} (allowed: ${allowed.join(', ')})`);
    }
  }

  private list<T>(
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

  private string(o: Obj, key: string, path: Path, opts: { required?: boolean } = {}): string | undefined {
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

  private strings(o: Obj, key: string, path: Path): string[] {
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

  private id(o: Obj, key: string, path: Path): string | undefined {
    const v = this.string(o, key, path);
    if (v === undefined) return undefined;
    if (!ID.test(v)) {
      this.error([...path, key], `"${v}" is not a valid id (lower-case letters, digits and hyphens, e.g. "dx-leader")`);
      return undefined;
    }
    return v;
  }

  private label(o: Obj, key: string, path: Path): Label | undefined {
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

  private number(o: Obj, key: string, path: Path, opts: { integer?: boolean; min?: number; max?: number } = {}): number | undefined {
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
  private numberValue(v: unknown, p: Path): number | undefined {
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

  private boolean(o: Obj, key: string, path: Path, fallback: boolean): boolean {
    const v = o[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') return this.typeError([...path, key], 'true or false', v) ?? fallback;
    return v;
  }

  private oneOf<T extends string>(o: Obj, key: string, path: Path, allowed: readonly T[], opts: { required?: boolean } = {}): T | undefined {
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

  private date(o: Obj, key: string, path: Path): string | undefined {
    const v = o[key];
    // YAML turns 2026-12-25 into a Date when the schema allows timestamps; accept both.
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : v;
    if (typeof s !== 'string' || !isLocalDate(s)) return this.typeError([...path, key], 'a date like 2026-12-25', v);
    return s;
  }

  private fiscalYear(o: Obj, key: string, path: Path): FiscalYear | undefined {
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

  private time(o: Obj, key: string, path: Path): string | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !TIME.test(v)) return this.typeError([...path, key], 'a time like "09:30"', v);
    return v;
  }

  private url(o: Obj, key: string, path: Path): string | undefined {
    const v = this.string(o, key, path, { required: false });
    if (v === undefined) return undefined;
    if (!/^https:\/\/[^\s]+$/.test(v)) {
      this.error([...path, key], `expected an https:// address, got "${v}"`);
      return undefined;
    }
    return v;
  }
}

/** Reads a fiscal-year key: 2025, "2025", "2025年度", "FY2025", "R7", "令和7", "令和7年度". */
export function parseFiscalYearKey(key: string): FiscalYear | undefined {
  const s = key.normalize('NFKC').trim();
  const y = /^(?:FY)?(\d{4})(?:年度?)?$/i.exec(s);
  if (y) return Number(y[1]);
  const m = /^(?:R|令和)(\d{1,2}|元)(?:年度?)?$/i.exec(s);
  if (m) return 2018 + (m[1] === '元' ? 1 : Number(m[1]));
  return undefined;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return JSON.stringify(v);
}

/** " (did you mean "steps"?)" when a close spelling exists. */
function suggest(value: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(value.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(value.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

/** Optimal string alignment distance: like Levenshtein, but a swapped pair of letters ("stesp") is one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
