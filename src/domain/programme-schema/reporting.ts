/**
 * `reporting`: what staff may report themselves (a qualification, a course taken elsewhere, a
 * contribution, a skill self-assessment), what evidence each needs, and who confirms it (issue 12).
 */
import type { Confirmer, EvidenceFileRules, EvidenceRequirement, ReportingRules, ReportRule } from '../programme';
import type { ReportKind } from '../records';
import type { Path, ReadContext, RefKind } from './read-context';

/** The kinds a report may be, in the order the file lists them. */
export const REPORT_KINDS: readonly ReportKind[] = ['qualification', 'course', 'contribution', 'skill'];

const CONFIRMERS: readonly Confirmer[] = ['none', 'sectionManager', 'office'];
const EVIDENCE: readonly EvidenceRequirement[] = ['none', 'note', 'file'];
const FILE_TYPES = ['pdf', 'jpeg', 'png'] as const;
/** Graph's simple upload takes files up to 250 MB (driveitem-put-content); a programme asks for far less. */
const MAX_MEGABYTES = 250;

/** What each kind's `items` name: the catalogue an exception must exist in. */
const ITEM_REF: Record<ReportKind, RefKind> = {
  qualification: 'qualification',
  course: 'course',
  contribution: 'contribution kind',
  skill: 'skill',
};

/** A kind the file does not mention may not be reported. */
const NOT_ALLOWED: ReportRule = { allowed: false, evidence: 'none', confirmer: 'office' };

/** The defaults without a `reporting` section: nothing may be reported; files as below. */
export function defaultReporting(): ReportingRules {
  return {
    qualification: NOT_ALLOWED,
    course: NOT_ALLOWED,
    contribution: NOT_ALLOWED,
    skill: NOT_ALLOWED,
    items: { qualification: {}, course: {}, contribution: {}, skill: {} },
    files: { maxBytes: 5 * 1024 * 1024, types: ['pdf', 'jpeg', 'png'] },
  };
}

/** Reads `reporting`; absent, nothing may be reported. */
export function readReporting(ctx: ReadContext, value: unknown, hasSkillMap: boolean): ReportingRules {
  const out = defaultReporting();
  if (value === undefined) return out;
  const path = ['reporting'];
  const o = ctx.object(value, path);
  if (!o) return out;
  ctx.fields(o, path, ['files', ...REPORT_KINDS]);
  if (o.files !== undefined) out.files = readFiles(ctx, o.files, [...path, 'files'], out.files);
  for (const kind of REPORT_KINDS) {
    if (o[kind] === undefined) continue;
    const p = [...path, kind];
    const k = ctx.object(o[kind], p);
    if (!k) continue;
    ctx.fields(k, p, ['allowed', 'evidence', 'confirmer', 'items']);
    const rule: ReportRule = {
      allowed: ctx.boolean(k, 'allowed', p, true),
      evidence: ctx.oneOf(k, 'evidence', p, EVIDENCE) ?? 'none',
      confirmer: ctx.oneOf(k, 'confirmer', p, CONFIRMERS) ?? 'office',
    };
    out[kind] = rule;
    if (kind === 'skill' && !hasSkillMap && (rule.allowed || k.items !== undefined)) ctx.error(p, 'skill reports need a skillMap (the skills and levels people assess themselves on)');
    if (k.items !== undefined) out.items[kind] = readItems(ctx, k.items, [...p, 'items'], kind, rule);
  }
  return out;
}

/** `items`: exceptions by id, each field it leaves out taken from its kind. */
function readItems(ctx: ReadContext, value: unknown, path: Path, kind: ReportKind, base: ReportRule): Record<string, ReportRule> {
  const o = ctx.object(value, path);
  const out: Record<string, ReportRule> = {};
  if (!o) return out;
  for (const [id, v] of Object.entries(o)) {
    const p = [...path, id];
    ctx.ref(p, ITEM_REF[kind], id);
    const item = ctx.object(v, p);
    if (!item) continue;
    ctx.fields(item, p, ['allowed', 'evidence', 'confirmer']);
    out[id] = {
      allowed: ctx.boolean(item, 'allowed', p, base.allowed),
      evidence: item.evidence === undefined ? base.evidence : (ctx.oneOf(item, 'evidence', p, EVIDENCE) ?? base.evidence),
      confirmer: item.confirmer === undefined ? base.confirmer : (ctx.oneOf(item, 'confirmer', p, CONFIRMERS) ?? base.confirmer),
    };
  }
  return out;
}

/** `files`: the largest evidence file (in megabytes) and the types accepted. */
function readFiles(ctx: ReadContext, value: unknown, path: Path, defaults: EvidenceFileRules): EvidenceFileRules {
  const o = ctx.object(value, path);
  if (!o) return defaults;
  ctx.fields(o, path, ['maxMegabytes', 'types']);
  const mb = o.maxMegabytes === undefined ? defaults.maxBytes / 1024 / 1024 : ctx.number(o, 'maxMegabytes', path, { min: 0.01, max: MAX_MEGABYTES });
  let types = defaults.types;
  if (o.types !== undefined) {
    const written = ctx.strings(o, 'types', path);
    types = [];
    written.forEach((t, i) => {
      if ((FILE_TYPES as readonly string[]).includes(t)) types.push(t as (typeof FILE_TYPES)[number]);
      else ctx.error([...path, 'types', i], `expected one of ${FILE_TYPES.join(', ')}, got "${t}"`);
    });
    if (written.length === 0) ctx.error([...path, 'types'], 'must name at least one file type');
  }
  return { maxBytes: Math.round((mb ?? defaults.maxBytes / 1024 / 1024) * 1024 * 1024), types };
}
