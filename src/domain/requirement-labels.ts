import type { Label } from './label';
import type { Programme, Requirement } from './programme';

/** Course names as the engines know them (programme definition overlaid with the Courses list). */
export type CourseNames = ReadonlyMap<string, { label: Label }>;

/**
 * What a requirement asks, in words: 「DXリテラシー研修の受講」「実践研修 20時間以上」. It depends only
 * on the programme and the course names, so it is worked out once per snapshot, not per person.
 */
export function describeRequirement(req: Requirement, programme: Programme, courses: CourseNames): Label {
  if (req.label) return req.label;
  switch (req.kind) {
    case 'allOf':
      return { ja: `次のすべて（${req.items.length}項目）`, en: `All of ${req.items.length}` };
    case 'anyOf':
      return { ja: '次のいずれか', en: 'Any one of' };
    case 'atLeast':
      return { ja: `次のうち${req.n}つ以上`, en: `At least ${req.n} of` };
    case 'course': {
      const name = courses.get(req.course)?.label ?? { ja: req.course };
      return { ja: `${name.ja}の受講`, en: `Complete ${en(name)}` };
    }
    case 'hours': {
      const name = groupName(programme, req.group);
      return { ja: `${name.ja} ${req.min}時間以上`, en: `${req.min}+ hours of ${en(name)}` };
    }
    case 'courses': {
      const name = groupName(programme, req.group);
      return { ja: `${name.ja}から${req.min}講座以上`, en: `${req.min}+ courses from ${en(name)}` };
    }
    case 'qualification': {
      const names = req.anyOf.map((id) => programme.qualifications.find((q) => q.id === id)?.label ?? { ja: id });
      const ja = names.map((n) => n.ja).join('・');
      const english = names.map(en).join(' / ');
      return names.length > 1 ? { ja: `資格（${ja} のいずれか）`, en: `Qualification: one of ${english}` } : { ja: `${ja}の取得`, en: `Hold ${english}` };
    }
    case 'project': {
      const roleJa = req.as === 'leader' ? 'リーダーとして' : req.as === 'member' ? 'メンバーとして' : '';
      const roleEn = req.as === 'leader' ? ' as leader' : req.as === 'member' ? ' as member' : '';
      const ja: string[] = [];
      const english: string[] = [];
      if (req.count > 1) {
        ja.push(`${req.count}件以上`);
        english.push(`${req.count}+ projects`);
      }
      if (req.months !== undefined) {
        ja.push(`通算${req.months}か月以上`);
        english.push(`${req.months}+ months in total`);
      }
      if (req.consecutiveFiscalYears !== undefined) {
        ja.push(`${req.consecutiveFiscalYears}年度以上連続`);
        english.push(`${req.consecutiveFiscalYears}+ consecutive fiscal years`);
      }
      if (req.reportScore !== undefined) {
        ja.push(`報告会評価 ${req.reportScore}以上`);
        english.push(`report score ≥ ${req.reportScore}`);
      }
      for (const [pid, min] of Object.entries(req.evaluations)) {
        const pl = perspectiveName(programme, pid);
        ja.push(`${pl.ja}評価 ${min}以上`);
        english.push(`${en(pl)} score ≥ ${min}`);
      }
      return {
        ja: `DX案件に${roleJa}参加${ja.length ? `（${ja.join('、')}）` : ''}`,
        en: `Take part in a DX project${roleEn}${english.length ? ` (${english.join(', ')})` : ''}`,
      };
    }
    case 'contribution': {
      const name = programme.contributionKinds.find((k) => k.id === req.contribution)?.label ?? { ja: req.contribution };
      const withinJa = req.withinMonths ? `直近${req.withinMonths}か月に` : '';
      const withinEn = req.withinMonths ? ` in the last ${req.withinMonths} months` : '';
      return { ja: `${withinJa}${name.ja} ${req.min}回以上`, en: `${en(name)} ${req.min}+ times${withinEn}` };
    }
    case 'certification': {
      const name = programme.certifications.find((c) => c.id === req.certification)?.label ?? { ja: req.certification };
      return { ja: `${name.ja}の認定`, en: `Certified as ${en(name)}` };
    }
    case 'skill': {
      const name = programme.skillMap?.skills.find((s) => s.id === req.skill)?.label ?? { ja: req.skill };
      const byJa = req.assessedBy === 'manager' ? '（上司評価）' : req.assessedBy === 'self' ? '（自己評価）' : '';
      const byEn = req.assessedBy === 'manager' ? ' (manager-assessed)' : req.assessedBy === 'self' ? ' (self-assessed)' : '';
      return { ja: `${name.ja} レベル${req.level}以上${byJa}`, en: `${en(name)} level ${req.level}+${byEn}` };
    }
    case 'roleHeld': {
      const name = programme.roles.find((r) => r.id === req.role)?.label ?? { ja: req.role };
      return { ja: `${name.ja}を通算${req.months}か月以上`, en: `${en(name)} for ${req.months}+ months` };
    }
    case 'holds': {
      const names = req.of.map((id) => roleOrCertificationName(programme, id));
      return { ja: names.map((n) => n.ja).join('・'), en: names.map(en).join(' / ') };
    }
    case 'step': {
      const role = programme.roles.find((r) => r.id === req.role);
      const name = role?.label ?? { ja: req.role };
      const step = role?.steps.find((s) => s.id === req.step)?.label ?? { ja: req.step };
      return { ja: `${name.ja}「${step.ja}」以上`, en: `${en(name)} at "${en(step)}" or beyond` };
    }
  }
}

/** A role's or a certification's label. */
function roleOrCertificationName(programme: Programme, id: string): Label {
  return programme.roles.find((r) => r.id === id)?.label ?? programme.certifications.find((c) => c.id === id)?.label ?? { ja: id };
}

/** Labels of every requirement node in a programme's steps and certifications. */
export function describeAllRequirements(programme: Programme, courses: CourseNames): Map<Requirement, Label> {
  const out = new Map<Requirement, Label>();
  const visit = (req: Requirement): void => {
    out.set(req, describeRequirement(req, programme, courses));
    if (req.kind === 'allOf' || req.kind === 'anyOf' || req.kind === 'atLeast') req.items.forEach(visit);
  };
  for (const role of programme.roles) for (const step of role.steps) visit(step.requires);
  for (const cert of programme.certifications) visit(cert.requires);
  for (const kpi of programme.kpis) if ('who' in kpi.measure) visit(kpi.measure.who);
  return out;
}

/** The label of an evaluation perspective (幹部職員, メンバー …). */
export function perspectiveName(programme: Programme, id: string): Label {
  return programme.perspectives.find((x) => x.id === id)?.label ?? { ja: id };
}

function groupName(programme: Programme, groupId: string): Label {
  return programme.courseGroups.find((g) => g.id === groupId)?.label ?? { ja: groupId };
}

function en(label: Label): string {
  return label.en ?? label.ja;
}
