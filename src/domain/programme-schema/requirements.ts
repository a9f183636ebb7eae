/** Requirement expressions: the kinds a step or a certification can require, and how they combine. */
import type { Label } from '../label';
import type { ProjectRequirement, Requirement } from '../programme';
import type { Path, ReadContext } from './read-context';
import { suggest } from './suggest';

/** Reads the body of one requirement kind: `p` is where the body is, `label` the requirement's own label. */
type KindReader = (ctx: ReadContext, body: unknown, p: Path, label: Label | undefined) => Requirement | undefined;

/**
 * One reader per requirement kind, keyed by its name in the file: a new kind is one more entry here.
 * Messages list the kinds in this order.
 */
const KIND_READERS: Record<string, KindReader> = {
  allOf: (ctx, body, p, label) => readCombination(ctx, 'allOf', body, p, label),
  anyOf: (ctx, body, p, label) => readCombination(ctx, 'anyOf', body, p, label),
  atLeast: readAtLeast,
  course: (ctx, body, p, label) => {
    const id = ctx.refString(body, p, 'course');
    return id === undefined ? undefined : { kind: 'course', course: id, label };
  },
  hours: (ctx, body, p, label) => readGroupMinimum(ctx, 'hours', body, p, label),
  courses: (ctx, body, p, label) => readGroupMinimum(ctx, 'courses', body, p, label),
  qualification: readQualificationRequirement,
  project: readProjectRequirement,
  contribution: readContributionRequirement,
  certification: (ctx, body, p, label) => {
    const id = ctx.refString(body, p, 'certification');
    return id === undefined ? undefined : { kind: 'certification', certification: id, label };
  },
  skill: readSkillRequirement,
  role: readRoleHeld,
  holds: readHolds,
  step: readStepReached,
};

const REQUIREMENT_KINDS = Object.keys(KIND_READERS);

/** Reads a requirement expression (one kind per mapping; a bare list means allOf), recording its references. */
export function readRequirement(ctx: ReadContext, value: unknown, path: Path): Requirement | undefined {
  if (value === undefined || value === null) {
    ctx.error(path, 'required');
    return undefined;
  }
  // A bare list is shorthand for allOf.
  if (Array.isArray(value)) return { kind: 'allOf', items: readRequirementList(ctx, value, path) };
  const o = ctx.object(value, path);
  if (!o) return undefined;
  const kinds = Object.keys(o).filter((k) => k !== 'label');
  if (kinds.length !== 1) {
    if (kinds.length === 0) ctx.error(path, `a requirement needs one of: ${REQUIREMENT_KINDS.join(', ')}`);
    else ctx.error(path, `a requirement has exactly one kind, got ${kinds.map((k) => `"${k}"`).join(' and ')} (wrap them in allOf)`);
    return undefined;
  }
  const kind = kinds[0]!;
  const label = o.label === undefined ? undefined : ctx.label(o, 'label', path);
  const body = o[kind];
  const p = [...path, kind];
  // Own keys only: a file's "toString" or "constructor" is an unknown kind, not Object.prototype's.
  const read = Object.hasOwn(KIND_READERS, kind) ? KIND_READERS[kind] : undefined;
  if (!read) {
    ctx.error(path, `unknown requirement kind "${kind}"${suggest(kind, REQUIREMENT_KINDS)} (expected one of ${REQUIREMENT_KINDS.join(', ')})`);
    return undefined;
  }
  return read(ctx, body, p, label);
}

/** allOf / anyOf: a non-empty list of requirements. */
function readCombination(ctx: ReadContext, kind: 'allOf' | 'anyOf', body: unknown, p: Path, label: Label | undefined): Requirement | undefined {
  if (!Array.isArray(body)) return ctx.typeError(p, 'a list of requirements', body);
  if (body.length === 0) ctx.error(p, 'needs at least one requirement');
  return { kind, items: readRequirementList(ctx, body, p), label };
}

/** atLeast: n of a list of requirements. */
function readAtLeast(ctx: ReadContext, body: unknown, p: Path, label: Label | undefined): Requirement | undefined {
  const b = ctx.object(body, p);
  if (!b) return undefined;
  ctx.fields(b, p, ['n', 'of']);
  const n = ctx.number(b, 'n', p, { integer: true, min: 1 }) ?? 1;
  if (!Array.isArray(b.of)) return ctx.typeError([...p, 'of'], 'a list of requirements', b.of);
  const items = readRequirementList(ctx, b.of, [...p, 'of']);
  if (n > b.of.length) ctx.error([...p, 'n'], `needs ${n} of only ${b.of.length} requirements`);
  return { kind: 'atLeast', n, items, label };
}

/** hours / courses: a minimum of hours or of courses taken from a course group. */
function readGroupMinimum(ctx: ReadContext, kind: 'hours' | 'courses', body: unknown, p: Path, label: Label | undefined): Requirement | undefined {
  const b = ctx.object(body, p);
  if (!b) return undefined;
  ctx.fields(b, p, ['group', 'min', 'withinFiscalYear']);
  const group = ctx.string(b, 'group', p);
  if (group) ctx.ref([...p, 'group'], 'course group', group);
  const min = ctx.number(b, 'min', p, { min: 0, integer: kind === 'courses' }) ?? 0;
  return { kind, group: group ?? '', min, withinFiscalYear: ctx.boolean(b, 'withinFiscalYear', p, false), label };
}

/** qualification: one id, or a list of ids of which any one will do. */
function readQualificationRequirement(ctx: ReadContext, body: unknown, p: Path, label: Label | undefined): Requirement | undefined {
  const ids = typeof body === 'string' ? [body] : Array.isArray(body) ? body : undefined;
  if (!ids || ids.length === 0 || !ids.every((x) => typeof x === 'string')) {
    return ctx.typeError(p, 'a qualification id or a list of ids (any one of them)', body);
  }
  ids.forEach((q, i) => ctx.ref(typeof body === 'string' ? p : [...p, i], 'qualification', q as string));
  return { kind: 'qualification', anyOf: ids as string[], label };
}

/** contribution: a contribution kind (once), or { kind, min, withinMonths }. */
function readContributionRequirement(ctx: ReadContext, body: unknown, p: Path, label: Label | undefined): Requirement | undefined {
  if (typeof body === 'string') {
    ctx.ref(p, 'contribution kind', body);
    return { kind: 'contribution', contribution: body, min: 1, label };
  }
  const b = ctx.object(body, p);
  if (!b) return undefined;
  ctx.fields(b, p, ['kind', 'min', 'withinMonths']);
  const c = ctx.string(b, 'kind', p);
  if (c) ctx.ref([...p, 'kind'], 'contribution kind', c);
  return {
    kind: 'contribution',
    contribution: c ?? '',
    min: b.min === undefined ? 1 : (ctx.number(b, 'min', p, { integer: true, min: 1 }) ?? 1),
    withinMonths: b.withinMonths === undefined ? undefined : ctx.number(b, 'withinMonths', p, { integer: true, min: 1 }),
    label,
  };
}

/** skill: a level on the skill map, assessed by oneself, one's manager or either; checked against the scale later. */
function readSkillRequirement(ctx: ReadContext, body: unknown, p: Path, label: Label | undefined): Requirement | undefined {
  const b = ctx.object(body, p);
  if (!b) return undefined;
  ctx.fields(b, p, ['id', 'level', 'assessedBy']);
  const id = ctx.string(b, 'id', p);
  if (id) ctx.ref([...p, 'id'], 'skill', id);
  // Level 0 would be met by any assessment and by none: it asks nothing, so it is refused.
  const level = ctx.number(b, 'level', p, { integer: true, min: 1 });
  const req: Requirement = {
    kind: 'skill',
    skill: id ?? '',
    level: level ?? 0,
    assessedBy: ctx.oneOf(b, 'assessedBy', p, ['self', 'manager', 'any'] as const, { required: false }) ?? 'any',
    label,
  };
  if (level !== undefined) ctx.scored.push({ path: p, req });
  return req;
}

/** role: having held a role for some months (roleHeld in the model). */
function readRoleHeld(ctx: ReadContext, body: unknown, p: Path, label: Label | undefined): Requirement | undefined {
  const b = ctx.object(body, p);
  if (!b) return undefined;
  ctx.fields(b, p, ['id', 'months']);
  const id = ctx.string(b, 'id', p);
  if (id) ctx.ref([...p, 'id'], 'role', id);
  return { kind: 'roleHeld', role: id ?? '', months: ctx.number(b, 'months', p, { integer: true, min: 0 }) ?? 0, label };
}

/** holds: holding a role or certification on the date (one id, or a list of which any one will do). */
function readHolds(ctx: ReadContext, body: unknown, p: Path, label: Label | undefined): Requirement | undefined {
  const ids = typeof body === 'string' ? [body] : Array.isArray(body) ? body : undefined;
  if (!ids || ids.length === 0 || !ids.every((x) => typeof x === 'string' && x !== '')) {
    return ctx.typeError(p, 'a role or certification id, or a list of ids (any one of them)', body);
  }
  ids.forEach((id, i) => ctx.ref(typeof body === 'string' ? p : [...p, i], 'role or certification', id as string));
  return { kind: 'holds', of: ids as string[], label };
}

/**
 * step: standing on a step of a role (or beyond). Only in a KPI: a role's step asking for another
 * role's step could ask for itself, and the engine evaluates it from the person's progress.
 */
function readStepReached(ctx: ReadContext, body: unknown, p: Path, label: Label | undefined): Requirement | undefined {
  const b = ctx.object(body, p);
  if (!b) return undefined;
  ctx.fields(b, p, ['role', 'step']);
  const role = ctx.string(b, 'role', p);
  if (role) ctx.ref([...p, 'role'], 'role', role);
  const step = ctx.string(b, 'step', p);
  if (!ctx.readingKpi) {
    ctx.error(p, 'a step of a role can be asked only in a KPI (kpis[].measure … who); in a step or a certification, ask for what that step requires, or for holding the role (holds)');
    return undefined;
  }
  const req: Requirement = { kind: 'step', role: role ?? '', step: step ?? '', label };
  if (role && step) ctx.steps.push({ path: p, role, step });
  return req;
}

/** Reads each requirement of a list, leaving out those already reported. */
function readRequirementList(ctx: ReadContext, items: unknown[], path: Path): Requirement[] {
  const out: Requirement[] = [];
  items.forEach((item, i) => {
    const r = readRequirement(ctx, item, [...path, i]);
    if (r) out.push(r);
  });
  return out;
}

/** Reads a project requirement; its scores are checked against the scales once everything is read. */
function readProjectRequirement(ctx: ReadContext, body: unknown, p: Path, label: Label | undefined): ProjectRequirement | undefined {
  const b = ctx.object(body, p);
  if (!b) return undefined;
  ctx.fields(b, p, ['as', 'count', 'months', 'consecutiveFiscalYears', 'completed', 'reportScore', 'evaluations']);
  const evaluations: Record<string, number> = {};
  if (b.evaluations !== undefined) {
    const ep = [...p, 'evaluations'];
    const e = ctx.object(b.evaluations, ep);
    if (e) {
      for (const key of Object.keys(e)) {
        ctx.ref([...ep, key], 'perspective', key);
        const v = ctx.number(e, key, ep);
        if (v !== undefined) evaluations[key] = v;
      }
    }
  }
  const reportScore = b.reportScore === undefined ? undefined : ctx.number(b, 'reportScore', p);
  const req: ProjectRequirement = {
    kind: 'project',
    as: ctx.oneOf(b, 'as', p, ['leader', 'member', 'any'] as const) ?? 'any',
    count: b.count === undefined ? 1 : (ctx.number(b, 'count', p, { integer: true, min: 1 }) ?? 1),
    months: b.months === undefined ? undefined : ctx.number(b, 'months', p, { integer: true, min: 1 }),
    consecutiveFiscalYears:
      b.consecutiveFiscalYears === undefined ? undefined : ctx.number(b, 'consecutiveFiscalYears', p, { integer: true, min: 2 }),
    completed: ctx.boolean(b, 'completed', p, true),
    reportScore,
    evaluations,
    label,
  };
  ctx.scored.push({ path: p, req });
  return req;
}
