/** Grades (職層) and roles: assignment, nomination rules and seats, and each role's steps. */
import type { DeclarationRules, Grade, NominationRules, Role, RoleAssignment, Seats, Step } from '../programme';
import type { Obj, Path, ReadContext } from './read-context';
import { readRequirement } from './requirements';

/** Reads one grade (職層) with its rank and what it manages. */
export function readGrade(ctx: ReadContext, o: Obj, path: Path): Grade {
  ctx.fields(o, path, ['id', 'label', 'rank', 'aliases', 'manages']);
  return {
    id: ctx.id(o, 'id', path) ?? '',
    label: ctx.label(o, 'label', path) ?? { ja: '' },
    rank: ctx.number(o, 'rank', path, { integer: true, min: 0 }) ?? 0,
    aliases: ctx.strings(o, 'aliases', path),
    manages: ctx.oneOf(o, 'manages', path, ['section', 'department'] as const, { required: false }),
  };
}

/** Reads one role: how people come to hold it (assignment), its grades or nomination rules, and its steps. */
export function readRole(ctx: ReadContext, o: Obj, path: Path): Role {
  ctx.fields(o, path, ['id', 'label', 'description', 'aliases', 'assignment', 'grades', 'excludeRoles', 'certification', 'nomination', 'declaration', 'seats', 'steps', 'external']);
  const assignment =
    ctx.oneOf(o, 'assignment', path, ['all', 'grade', 'nominated', 'appointed', 'certified', 'self'] as const) ?? 'appointed';
  const grades = ctx.strings(o, 'grades', path);
  grades.forEach((g, i) => ctx.ref([...path, 'grades', i], 'grade', g));
  if (assignment === 'grade' && grades.length === 0) {
    ctx.error([...path, 'grades'], 'a role assigned by grade needs the grades that hold it');
  }
  if (assignment !== 'grade' && grades.length > 0) {
    ctx.error([...path, 'grades'], `grades only apply to assignment "grade" (this role is "${assignment}")`);
  }
  const certification = ctx.string(o, 'certification', path, { required: assignment === 'certified' });
  if (certification) ctx.ref([...path, 'certification'], 'certification', certification);
  if (certification && assignment !== 'certified') {
    ctx.error([...path, 'certification'], `certification only applies to assignment "certified" (this role is "${assignment}")`);
  }
  const nomination = o.nomination === undefined ? undefined : readNomination(ctx, o.nomination, [...path, 'nomination']);
  if (assignment === 'nominated' && !nomination) {
    ctx.error([...path, 'nomination'], 'a nominated role needs nomination rules (eligibleGrades, seats, approver)');
  }
  if (nomination && assignment !== 'nominated') {
    ctx.error([...path, 'nomination'], `nomination rules only apply to assignment "nominated" (this role is "${assignment}")`);
  }
  const declaration = o.declaration === undefined ? undefined : readDeclaration(ctx, o.declaration, [...path, 'declaration']);
  if (declaration && assignment !== 'self') {
    ctx.error([...path, 'declaration'], `declaration rules only apply to assignment "self" (this role is "${assignment}")`);
  }
  // Seats count rows of the Roles list: roles held by everyone, by grade or through a certification have none to count.
  let seats = o.seats === undefined ? undefined : readSeats(ctx, o.seats, [...path, 'seats']);
  if (seats && (assignment === 'all' || assignment === 'grade' || assignment === 'certified')) {
    ctx.error([...path, 'seats'], `seats apply to roles recorded in the Roles list (nominated, appointed, self); this role is "${assignment}"`);
  }
  if (nomination && (nomination.seatsPerSection !== undefined || nomination.seatsPerDepartment !== undefined)) {
    if (seats) {
      ctx.error([...path, 'nomination'], 'give the seats once: seats: { per, min, max } on the role, or seatsPerSection / seatsPerDepartment here (a maximum), not both');
    } else {
      // The older shorthand: a maximum per section (and, or else, per department).
      seats = nomination.seatsPerSection !== undefined ? { per: 'section', max: nomination.seatsPerSection } : { per: 'department', max: nomination.seatsPerDepartment };
    }
  } else if (nomination && seats?.max !== undefined) {
    // Nomination rules name the maximum too, for the readers of the rules (nomination options, the sample municipality).
    if (seats.per === 'section') nomination.seatsPerSection = seats.max;
    else nomination.seatsPerDepartment = seats.max;
  }
  const external = ctx.boolean(o, 'external', path, false);
  const steps = ctx.list(o, 'steps', path, (s, p) => readStep(ctx, s, p), { optionalList: true });
  // 柏市: 全職員 = 「DXスペシャリスト人材」「DX推進人材」以外の職員.
  const excludeRoles = ctx.strings(o, 'excludeRoles', path);
  excludeRoles.forEach((r, i) => ctx.ref([...path, 'excludeRoles', i], 'role', r));
  if (excludeRoles.length > 0 && assignment !== 'all') {
    ctx.error([...path, 'excludeRoles'], `excludeRoles only applies to assignment "all" (this role is "${assignment}")`);
  }
  return {
    id: ctx.id(o, 'id', path) ?? '',
    label: ctx.label(o, 'label', path) ?? { ja: '' },
    description: o.description === undefined ? undefined : ctx.label(o, 'description', path),
    aliases: ctx.strings(o, 'aliases', path),
    assignment: assignment as RoleAssignment,
    grades,
    excludeRoles,
    certification,
    nomination,
    declaration: declaration ?? (assignment === 'self' ? { eligibleGrades: [], gradeRuleStrict: true, confirmedBy: 'sectionManager' } : undefined),
    seats,
    steps,
    external,
  };
}

/**
 * Reads seats: how many may hold the role per section or department. 「各課1〜2名」 is
 * { per: section, min: 1, max: 2 }; 「1名以上」 has a minimum only (東京都テンプレート DX推進員).
 */
function readSeats(ctx: ReadContext, value: unknown, path: Path): Seats | undefined {
  const o = ctx.object(value, path);
  if (!o) return undefined;
  ctx.fields(o, path, ['per', 'min', 'max']);
  const per = ctx.oneOf(o, 'per', path, ['section', 'department'] as const, { required: false }) ?? 'section';
  const min = o.min === undefined ? undefined : ctx.number(o, 'min', path, { integer: true, min: 1 });
  const max = o.max === undefined ? undefined : ctx.number(o, 'max', path, { integer: true, min: 1 });
  if (o.min === undefined && o.max === undefined) ctx.error(path, 'give min, max or both (e.g. { per: section, min: 1, max: 2 } for 「各課1〜2名」)');
  if (min !== undefined && max !== undefined && min > max) ctx.error([...path, 'min'], `the minimum ${min} is above the maximum ${max}`);
  return { per, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

/** Reads a self-declared role's rules: who may declare it, and who confirms the declaration. */
function readDeclaration(ctx: ReadContext, value: unknown, path: Path): DeclarationRules | undefined {
  const o = ctx.object(value, path);
  if (!o) return undefined;
  ctx.fields(o, path, ['eligibleGrades', 'gradeRuleStrict', 'confirmedBy']);
  const eligibleGrades = ctx.strings(o, 'eligibleGrades', path);
  eligibleGrades.forEach((g, i) => ctx.ref([...path, 'eligibleGrades', i], 'grade', g));
  return {
    eligibleGrades,
    gradeRuleStrict: ctx.boolean(o, 'gradeRuleStrict', path, true),
    confirmedBy:
      ctx.oneOf(o, 'confirmedBy', path, ['sectionManager', 'departmentManager', 'programmeOffice', 'nobody'] as const, { required: false }) ?? 'sectionManager',
  };
}

/** Reads a nominated role's rules: eligible grades, seats per section or department, approver. */
function readNomination(ctx: ReadContext, value: unknown, path: Path): NominationRules | undefined {
  const o = ctx.object(value, path);
  if (!o) return undefined;
  ctx.fields(o, path, ['eligibleGrades', 'gradeRuleStrict', 'seatsPerSection', 'seatsPerDepartment', 'transferWindowMonths', 'approver']);
  const eligibleGrades = ctx.strings(o, 'eligibleGrades', path);
  eligibleGrades.forEach((g, i) => ctx.ref([...path, 'eligibleGrades', i], 'grade', g));
  return {
    eligibleGrades,
    gradeRuleStrict: ctx.boolean(o, 'gradeRuleStrict', path, true),
    seatsPerSection: o.seatsPerSection === undefined ? undefined : ctx.number(o, 'seatsPerSection', path, { integer: true, min: 1 }),
    seatsPerDepartment:
      o.seatsPerDepartment === undefined ? undefined : ctx.number(o, 'seatsPerDepartment', path, { integer: true, min: 1 }),
    transferWindowMonths:
      o.transferWindowMonths === undefined ? 6 : (ctx.number(o, 'transferWindowMonths', path, { integer: true, min: 0 }) ?? 6),
    approver:
      ctx.oneOf(o, 'approver', path, ['sectionManager', 'departmentManager', 'programmeOffice'] as const, { required: false }) ??
      'sectionManager',
  };
}

/** Reads one step of a role and its requirement. */
function readStep(ctx: ReadContext, o: Obj, path: Path): Step {
  ctx.fields(o, path, ['id', 'label', 'description', 'optional', 'requires']);
  const requires = readRequirement(ctx, o.requires, [...path, 'requires']);
  return {
    id: ctx.id(o, 'id', path) ?? '',
    label: ctx.label(o, 'label', path) ?? { ja: '' },
    description: o.description === undefined ? undefined : ctx.label(o, 'description', path),
    optional: ctx.boolean(o, 'optional', path, false),
    requires: requires ?? { kind: 'allOf', items: [] },
  };
}
