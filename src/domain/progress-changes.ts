import type { Label } from './label';
import type { PersonProgress } from './progress';

/** What a confirmed fact changed in a person's steps: a step reached, a certification now within reach, or what is still missing. */
export type ProgressChange =
  | { kind: 'stepReached'; role: string; roleLabel: Label; step: string; stepLabel: Label; stepNumber: number; stepsTotal: number }
  | { kind: 'certificationQualifies'; certification: string; label: Label }
  /** Nothing new reached: the next step of a role and what it still needs. */
  | { kind: 'stillMissing'; role: string; roleLabel: Label; step: string; stepLabel: Label; missing: Label[] };

/**
 * The difference a write made to one person's progress: every step newly reached (in each role),
 * every certification whose criteria are now met; when nothing was reached, what the next step of
 * each role still needs (so the person knows what is left, not just that nothing happened).
 */
export function progressChanges(before: PersonProgress | undefined, after: PersonProgress | undefined): ProgressChange[] {
  if (!after) return [];
  const out: ProgressChange[] = [];
  for (const role of after.roles) {
    const was = before?.roles.find((r) => r.role === role.role)?.stepsReached ?? 0;
    for (let i = was; i < role.stepsReached; i++) {
      const step = role.steps[i]!;
      out.push({ kind: 'stepReached', role: role.role, roleLabel: role.label, step: step.id, stepLabel: step.label, stepNumber: i + 1, stepsTotal: role.steps.length });
    }
  }
  for (const c of after.certifications) {
    const was = before?.certifications.find((x) => x.certification === c.certification)?.status;
    if (c.status === 'qualifies' && was === 'notYet') out.push({ kind: 'certificationQualifies', certification: c.certification, label: c.label });
  }
  if (out.length > 0) return out;
  for (const role of after.roles) {
    if (!role.next || role.next.optional) continue;
    out.push({ kind: 'stillMissing', role: role.role, roleLabel: role.label, step: role.next.step, stepLabel: role.next.label, missing: role.next.missing.map((m) => m.label) });
  }
  return out;
}
