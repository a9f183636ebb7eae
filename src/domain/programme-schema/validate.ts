/** The whole programme: its top-level fields, read in order, then the checks that need all of it. */
import type { Programme } from '../programme';
import { readCertification, readSkillMap } from './certifications';
import { readContributionKind, readPerspective, readQualification, readScales } from './catalogues';
import { readCourse, readCourseGroup } from './courses';
import { applySeatDefaults, checkCertificationCycles, checkKpiSteps, checkNamedSteps, checkReferences, checkScales, checkUnique } from './cross-checks';
import { measureFormsHint, readKpi } from './kpis';
import { ReadContext, formatPath, type Obj, type ProgrammeError } from './read-context';
import { readDigest, readReminders } from './reminders';
import { readReporting } from './reporting';
import { readGrade, readRole } from './roles';
import { readSetting, reportUnusedSettings } from './settings';

/** The programme read, or every mistake found in it. */
export type ProgrammeResult = { ok: true; programme: Programme } | { ok: false; errors: ProgrammeError[] };

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
  'reporting',
];

/**
 * Validates a parsed programme definition (the object a YAML file becomes). Reports every error
 * with its path and reason rather than stopping at the first, and resolves `$setting` references.
 */
export function validateProgramme(input: unknown): ProgrammeResult {
  const ctx = new ReadContext();
  const root = ctx.object(input, []);
  if (!root) return { ok: false, errors: ctx.errors };
  ctx.fields(root, [], TOP_LEVEL_FIELDS);

  const settings = ctx.list(root, 'settings', [], (o, p) => readSetting(ctx, o, p), { optionalList: true, map: true });
  for (const s of settings) ctx.settings.set(s.id, s);

  ctx.planStart = ctx.fiscalYear(root, 'planStartFiscalYear', []) ?? 0;
  const programme: Programme = {
    id: ctx.id(root, 'id', []) ?? '',
    version: ctx.string(root, 'version', [], { required: false }) ?? '1',
    label: ctx.label(root, 'label', []) ?? { ja: '' },
    municipality: ctx.label(root, 'municipality', []) ?? { ja: '' },
    source: readSource(ctx, root),
    planStartFiscalYear: ctx.planStart,
    settings,
    grades: ctx.list(root, 'grades', [], (o, p) => readGrade(ctx, o, p)),
    perspectives: ctx.list(root, 'perspectives', [], (o, p) => readPerspective(ctx, o, p), { optionalList: true }),
    scales: readScales(ctx, root),
    courses: ctx.list(root, 'courses', [], (o, p) => readCourse(ctx, o, p), { optionalList: true }),
    courseGroups: ctx.list(root, 'courseGroups', [], (o, p) => readCourseGroup(ctx, o, p), { optionalList: true }),
    qualifications: ctx.list(root, 'qualifications', [], (o, p) => readQualification(ctx, o, p), { optionalList: true }),
    contributionKinds: ctx.list(root, 'contributionKinds', [], (o, p) => readContributionKind(ctx, o, p), {
      optionalList: true,
    }),
    skillMap: root.skillMap === undefined ? undefined : readSkillMap(ctx, root.skillMap, ['skillMap']),
    roles: ctx.list(root, 'roles', [], (o, p) => readRole(ctx, o, p)),
    certifications: ctx.list(root, 'certifications', [], (o, p) => readCertification(ctx, o, p), { optionalList: true }),
    kpis: ctx.list(root, 'kpis', [], (o, p) => readKpi(ctx, o, p), { optionalList: true }),
    reminders: readReminders(ctx, root.reminders),
    digest: readDigest(ctx, root.digest),
    reporting: readReporting(ctx, root.reporting, root.skillMap !== undefined),
  };

  checkUnique(ctx, programme);
  checkReferences(ctx, programme);
  checkScales(ctx, programme);
  checkCertificationCycles(ctx);
  checkKpiSteps(ctx, programme);
  checkNamedSteps(ctx, programme);
  applySeatDefaults(ctx, programme);
  reportUnusedSettings(ctx, settings);
  explainMeasures(ctx, root);
  if (ctx.errors.length > 0) return { ok: false, errors: ctx.errors };
  return { ok: true, programme };
}

/**
 * Under the errors of a KPI's measure, one line saying how that measure is written and which
 * measures take any requirement: a municipality that reached for `holders` to count qualification
 * holders learns about `count: { who: … }` where the mistake is.
 */
function explainMeasures(ctx: ReadContext, root: Obj): void {
  if (!Array.isArray(root.kpis)) return;
  (root.kpis as unknown[]).forEach((kpi, i) => {
    const at = formatPath(['kpis', i, 'measure']);
    const last = ctx.errors.findLastIndex((e) => e.path === at || e.path.startsWith(`${at}.`) || e.path.startsWith(`${at}[`));
    if (last < 0) return;
    const measure = typeof kpi === 'object' && kpi !== null ? (kpi as Obj).measure : undefined;
    const keys = typeof measure === 'object' && measure !== null && !Array.isArray(measure) ? Object.keys(measure) : [];
    // Right after the measure's last error, so the explanation is read with them.
    ctx.errors.splice(last + 1, 0, { path: at, message: measureFormsHint(keys.length === 1 ? keys[0] : undefined) });
  });
}

/** Reads `source`: the policy the programme follows, as a title or { title, issuer, issuedOn, url }. */
function readSource(ctx: ReadContext, root: Obj): Programme['source'] {
  const path = ['source'];
  if (typeof root.source === 'string') return { title: root.source };
  const o = ctx.object(root.source, path);
  if (!o) return { title: '' };
  ctx.fields(o, path, ['title', 'issuer', 'issuedOn', 'url']);
  return {
    title: ctx.string(o, 'title', path) ?? '',
    issuer: ctx.string(o, 'issuer', path, { required: false }),
    issuedOn: ctx.string(o, 'issuedOn', path, { required: false }),
    url: ctx.string(o, 'url', path, { required: false }),
  };
}
