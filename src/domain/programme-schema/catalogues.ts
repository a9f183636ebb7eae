/**
 * The catalogues that requirements point into besides courses, and the scales their scores are on:
 * evaluation perspectives (評価観点), scales, qualifications (資格) and contribution kinds.
 */
import type { ContributionKind, Perspective, Qualification, Scale, Scales } from '../programme';
import type { Obj, Path, ReadContext } from './read-context';

/** Reads one evaluation perspective (評価観点): whose scores a project requirement can ask for. */
export function readPerspective(ctx: ReadContext, o: Obj, path: Path): Perspective {
  ctx.fields(o, path, ['id', 'label', 'aliases', 'aspect']);
  return {
    id: ctx.id(o, 'id', path) ?? '',
    label: ctx.label(o, 'label', path) ?? { ja: '' },
    aliases: ctx.strings(o, 'aliases', path),
    aspect: o.aspect === undefined ? undefined : ctx.label(o, 'aspect', path),
  };
}

/** Reads `scales` (evaluation, report, skill level); each one absent keeps its default. */
export function readScales(ctx: ReadContext, root: Obj): Scales {
  const defaults: Scales = { evaluation: { min: 1, max: 5 }, report: { min: 1, max: 5 }, skillLevel: { min: 0, max: 3 } };
  if (root.scales === undefined) return defaults;
  const path = ['scales'];
  const o = ctx.object(root.scales, path);
  if (!o) return defaults;
  ctx.fields(o, path, ['evaluation', 'report', 'skillLevel']);
  const scale = (key: keyof Scales): Scale => {
    if (o[key] === undefined) return defaults[key];
    const p = [...path, key];
    const s = ctx.object(o[key], p);
    if (!s) return defaults[key];
    ctx.fields(s, p, ['min', 'max']);
    const min = ctx.number(s, 'min', p) ?? 0;
    const max = ctx.number(s, 'max', p) ?? 0;
    if (max <= min) ctx.error(p, `max (${max}) must be greater than min (${min})`);
    return { min, max };
  };
  return { evaluation: scale('evaluation'), report: scale('report'), skillLevel: scale('skillLevel') };
}

/** Reads one qualification (資格) and the support the municipality gives for it. */
export function readQualification(ctx: ReadContext, o: Obj, path: Path): Qualification {
  ctx.fields(o, path, ['id', 'label', 'aliases', 'support']);
  let support: Qualification['support'];
  if (o.support !== undefined) {
    const p = [...path, 'support'];
    const s = ctx.object(o.support, p);
    if (s) {
      ctx.fields(s, p, ['examPreparation', 'feeSubsidy', 'note']);
      support = {
        examPreparation: ctx.boolean(s, 'examPreparation', p, false),
        feeSubsidy: ctx.boolean(s, 'feeSubsidy', p, false),
        note: s.note === undefined ? undefined : ctx.label(s, 'note', p),
      };
    }
  }
  return {
    id: ctx.id(o, 'id', path) ?? '',
    label: ctx.label(o, 'label', path) ?? { ja: '' },
    aliases: ctx.strings(o, 'aliases', path),
    support,
  };
}

/** Reads one kind of contribution (e.g. 後進の指導) that requirements can count. */
export function readContributionKind(ctx: ReadContext, o: Obj, path: Path): ContributionKind {
  ctx.fields(o, path, ['id', 'label', 'aliases']);
  return { id: ctx.id(o, 'id', path) ?? '', label: ctx.label(o, 'label', path) ?? { ja: '' }, aliases: ctx.strings(o, 'aliases', path) };
}
