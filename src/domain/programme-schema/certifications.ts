/** Certifications (認定) and the skill map. */
import type { Certification, SkillMap } from '../programme';
import type { Obj, Path, ReadContext } from './read-context';
import { readRequirement } from './requirements';

/** Reads one certification (認定) and records the certifications it requires, for the cycle check. */
export function readCertification(ctx: ReadContext, o: Obj, path: Path): Certification {
  ctx.fields(o, path, ['id', 'label', 'description', 'aliases', 'level', 'requires']);
  const id = ctx.id(o, 'id', path) ?? '';
  const before = ctx.refs.length;
  const requires = readRequirement(ctx, o.requires, [...path, 'requires']) ?? { kind: 'allOf', items: [] };
  const deps = new Set(ctx.refs.slice(before).filter((r) => r.kind === 'certification').map((r) => r.id));
  if (id) ctx.certDeps.set(id, { path, deps });
  return {
    id,
    label: ctx.label(o, 'label', path) ?? { ja: '' },
    description: o.description === undefined ? undefined : ctx.label(o, 'description', path),
    aliases: ctx.strings(o, 'aliases', path),
    level: ctx.number(o, 'level', path, { integer: true, min: 1 }) ?? 1,
    requires,
  };
}

/** Reads the skill map: skills, levels, and the level each role or certification is expected to reach. */
export function readSkillMap(ctx: ReadContext, value: unknown, path: Path): SkillMap | undefined {
  const o = ctx.object(value, path);
  if (!o) return undefined;
  ctx.fields(o, path, ['label', 'skills', 'levels', 'expectations']);
  const skills = ctx.list(o, 'skills', path, (s, p) => {
    ctx.fields(s, p, ['id', 'label', 'category', 'description']);
    return {
      id: ctx.id(s, 'id', p) ?? '',
      label: ctx.label(s, 'label', p) ?? { ja: '' },
      category: s.category === undefined ? undefined : ctx.label(s, 'category', p),
      description: s.description === undefined ? undefined : ctx.label(s, 'description', p),
    };
  });
  const levels = ctx.list(o, 'levels', path, (l, p) => {
    ctx.fields(l, p, ['level', 'label']);
    return { level: ctx.number(l, 'level', p, { integer: true, min: 0 }) ?? 0, label: ctx.label(l, 'label', p) ?? { ja: '' } };
  });
  const levelSet = new Set(levels.map((l) => l.level));
  const expectations = ctx.list(
    o,
    'expectations',
    path,
    (e, p) => {
      ctx.fields(e, p, ['holder', 'skill', 'level', 'description']);
      const holder = ctx.string(e, 'holder', p) ?? '';
      const skill = ctx.string(e, 'skill', p) ?? '';
      if (holder) ctx.ref([...p, 'holder'], 'role or certification', holder);
      if (skill) ctx.ref([...p, 'skill'], 'skill', skill);
      const level = ctx.number(e, 'level', p, { integer: true }) ?? 0;
      if (levels.length > 0 && !levelSet.has(level)) {
        ctx.error([...p, 'level'], `level ${level} is not one of the skill map's levels (${[...levelSet].join(', ')})`);
      }
      return { holder, skill, level, description: e.description === undefined ? undefined : ctx.label(e, 'description', p) };
    },
    { optionalList: true },
  );
  return { label: ctx.label(o, 'label', path) ?? { ja: '' }, skills, levels, expectations };
}
