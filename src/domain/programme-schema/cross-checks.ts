/** Checks that need the whole programme read first: unique ids, references, scales, cycles, KPI steps. */
import type { Programme } from '../programme';
import type { ReadContext, RefKind } from './read-context';
import { suggest } from './suggest';

/** Reports duplicate ids per list; roles and certifications share one namespace, steps are unique per role. */
export function checkUnique(ctx: ReadContext, p: Programme): void {
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
  for (const [name, items] of groups) uniqueIds(ctx, name, items, new Map());
  // Roles and certifications share one namespace: the Roles list holds both.
  const shared = new Map<string, string>();
  uniqueIds(ctx, 'roles', p.roles, shared);
  uniqueIds(ctx, 'certifications', p.certifications, shared);
  p.roles.forEach((r, ri) => uniqueIds(ctx, `roles[${ri}].steps`, r.steps, new Map()));
}

/** Reports each id of `items` already in `seen`, naming where it first appeared. */
function uniqueIds(ctx: ReadContext, name: string, items: Array<{ id: string }>, seen: Map<string, string>): void {
  items.forEach((item, i) => {
    if (!item.id) return;
    const here = `${name}[${i}]`;
    const first = seen.get(item.id);
    if (first) ctx.errors.push({ path: `${here}.id`, message: `duplicate id "${item.id}" (also ${first})` });
    else seen.set(item.id, here);
  });
}

/** Reports each recorded reference to an id the programme does not define, with a close spelling if any. */
export function checkReferences(ctx: ReadContext, p: Programme): void {
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
  for (const r of ctx.refs) {
    const known = ids[r.kind];
    if (!known.has(r.id)) {
      // An id of another kind in the wrong place (a qualification where a role goes) is named as what it is.
      const other = (Object.keys(ids) as RefKind[]).find((k) => k !== 'role or certification' && ids[k].has(r.id));
      ctx.error(r.path, `unknown ${r.kind} "${r.id}"${other ? ` (it is a ${other})` : suggest(r.id, [...known])}`);
    }
  }
}

/**
 * Coverage KPIs of a role that give neither per nor min count against the role's seats when they
 * have a minimum (「各課1〜2名」: a section is covered from 1).
 */
export function applySeatDefaults(ctx: ReadContext, p: Programme): void {
  for (const { measure, role } of ctx.seatDefaults) {
    const seats = p.roles.find((r) => r.id === role)?.seats;
    if (seats?.min === undefined) continue;
    measure.per = seats.per;
    measure.min = seats.min;
  }
}

/** Reports steps a KPI names (a `step` requirement, coverage's step) that their role does not have. */
export function checkNamedSteps(ctx: ReadContext, p: Programme): void {
  for (const { path, role: roleId, step } of ctx.steps) {
    const role = p.roles.find((r) => r.id === roleId);
    if (role && !role.steps.some((s) => s.id === step)) {
      ctx.error(path, `role "${roleId}" has no step "${step}"${suggest(step, role.steps.map((s) => s.id))}`);
    }
  }
}

/** Skill levels and score thresholds in requirements must be on the programme's scales. */
export function checkScales(ctx: ReadContext, p: Programme): void {
  const { skillLevel, report, evaluation } = p.scales;
  for (const { path, req } of ctx.scored) {
    if (req.kind === 'skill' && (req.level < skillLevel.min || req.level > skillLevel.max)) {
      ctx.error([...path, 'level'], `skill level ${req.level} is outside the scale ${skillLevel.min}–${skillLevel.max}`);
    }
    if (req.kind === 'project') {
      if (req.reportScore !== undefined && (req.reportScore < report.min || req.reportScore > report.max)) {
        ctx.error([...path, 'reportScore'], `score ${req.reportScore} is outside the report scale ${report.min}–${report.max}`);
      }
      for (const [k, v] of Object.entries(req.evaluations)) {
        if (v < evaluation.min || v > evaluation.max) {
          ctx.error([...path, 'evaluations', k], `score ${v} is outside the evaluation scale ${evaluation.min}–${evaluation.max}`);
        }
      }
    }
  }
}

/** Reports certifications that require each other, directly or through others. */
export function checkCertificationCycles(ctx: ReadContext): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const walk = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      const entry = ctx.certDeps.get(cycle[0]!);
      ctx.error(entry ? [...entry.path, 'requires'] : ['certifications'], `certifications require each other in a cycle: ${cycle.join(' → ')}`);
      return;
    }
    state.set(id, 'visiting');
    for (const dep of ctx.certDeps.get(id)?.deps ?? []) if (ctx.certDeps.has(dep)) walk(dep, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of ctx.certDeps.keys()) walk(id, []);
}

/** Reports KPI steps their role does not have, and steps asked of a certification. */
export function checkKpiSteps(ctx: ReadContext, p: Programme): void {
  const roles = new Map(p.roles.map((r) => [r.id, r]));
  p.kpis.forEach((k, i) => {
    const m = k.measure;
    const checkStep = (roleId: string, step: string | undefined, at: string): void => {
      const role = roles.get(roleId);
      if (role && step && !role.steps.some((s) => s.id === step)) {
        ctx.errors.push({
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
          ctx.errors.push({ path: `kpis[${i}].measure.holders.step`, message: `"${id}" is a certification, which has no steps` });
        }
      }
    }
  });
}
