import type { Label } from './label';
import type { LocalDate } from './local-date';
import type { Programme, Requirement, Role, RoleAssignment } from './programme';
import type { StaffRecord } from './records';
import { certificationHeldSince, heldRoles, type HeldRole } from './held-roles';
import { evaluateRequirement, type EvaluationContext, type RequirementResult } from './requirement-engine';
import type { Snapshot } from './snapshot';

export { heldRoles, type HeldRole } from './held-roles';

/** Something a person still has to do, with its due date when one is known. */
export interface MissingItem {
  role?: string;
  step?: string;
  certification?: string;
  kind: Requirement['kind'];
  label: Label;
  evidence: Label;
  due?: LocalDate;
  overdue: boolean;
  courseId?: string;
  url?: string;
  /** For a course: who runs it, where, and how to sign up, when the Courses list says. */
  provider?: string;
  venue?: string;
  signUp?: string;
  /** For "any of" / "at least N of", and a small course group: the alternatives still open. */
  options?: MissingItem[];
}

export interface StepResult {
  id: string;
  label: Label;
  optional: boolean;
  /** The step's own requirement is met. */
  met: boolean;
  /** Met, and every earlier step that is not optional too: the person stands on (or above) this step. */
  reached: boolean;
  result: RequirementResult;
}

export interface RoleProgress {
  role: string;
  label: Label;
  assignment: RoleAssignment;
  since?: LocalDate;
  source?: string;
  /** Id of the highest step reached, if any. */
  currentStep?: string;
  /** Position of the highest step reached, counted from 1 (0 = none yet). */
  stepsReached: number;
  steps: StepResult[];
  /** The next step and what it still needs; absent when the ladder is complete. */
  next?: { step: string; label: Label; optional: boolean; missing: MissingItem[] };
}

export type CertificationState = 'held' | 'qualifies' | 'notYet';

export interface CertificationStatus {
  certification: string;
  label: Label;
  level: number;
  /** held: awarded; qualifies: criteria met, decision pending; notYet: criteria not met. */
  status: CertificationState;
  since?: LocalDate;
  result: RequirementResult;
  missing: MissingItem[];
}

export interface PersonProgress {
  upn: string;
  name: string;
  department: string;
  section: string;
  grade?: string;
  gradeText: string;
  roles: RoleProgress[];
  certifications: CertificationStatus[];
  /** Everything missing for the next step of each role, soonest due first (optional steps left out). */
  nextActions: MissingItem[];
}

/**
 * A person's progress in every role they hold and every certification, as of a date. With
 * `brief`, met requirements share one evidence text (「達成」); what is missing is always in full.
 */
export function evaluatePerson(snapshot: Snapshot, staff: StaffRecord, asOf: LocalDate, opts: { brief?: boolean } = {}): PersonProgress {
  const memo = new Map<string, RequirementResult>();
  const brief = opts.brief ?? false;
  const roles = heldRoles(snapshot, staff, asOf).map((held) => roleProgress(snapshot, staff, held, asOf, memo, brief));
  const certifications = snapshot.programme.certifications.map((cert) => {
    const since = certificationHeldSince(snapshot, staff.upn, cert.id, asOf);
    let result = memo.get(cert.id);
    if (!result) {
      result = evaluateRequirement(cert.requires, { snapshot, staff, asOf, certificationMemo: memo, brief });
      memo.set(cert.id, result);
    }
    const status: CertificationState = since ? 'held' : result.met ? 'qualifies' : 'notYet';
    return {
      certification: cert.id,
      label: cert.label,
      level: cert.level,
      status,
      since,
      result,
      missing: status === 'notYet' ? missingItems(result, { certification: cert.id }) : [],
    };
  });
  const nextActions = roles
    .flatMap((r) => (r.next && !r.next.optional ? r.next.missing : []))
    .sort(byDue);
  return {
    upn: staff.upn,
    name: staff.name,
    department: staff.department,
    section: staff.section,
    grade: staff.grade,
    gradeText: staff.gradeText,
    roles,
    certifications,
    nextActions,
  };
}

/** Every active staff member's progress as of a date (brief: met requirements without their own evidence text). */
export function evaluateEveryone(snapshot: Snapshot, asOf: LocalDate): PersonProgress[] {
  const out: PersonProgress[] = [];
  for (const s of snapshot.staff) if (s.active) out.push(evaluatePerson(snapshot, s, asOf, { brief: true }));
  return out;
}

function roleProgress(
  snapshot: Snapshot,
  staff: StaffRecord,
  held: HeldRole,
  asOf: LocalDate,
  memo: Map<string, RequirementResult>,
  brief: boolean,
): RoleProgress {
  const ctx: EvaluationContext = { snapshot, staff, asOf, roleStart: held.since, certificationMemo: memo, brief };
  // A ladder: a step is reached when it is met and every earlier required step is reached. An
  // optional step (希望者のみ, 推奨) never blocks the steps after it.
  let open = true;
  let stepsReached = 0;
  const steps: StepResult[] = held.role.steps.map((step, i) => {
    const result = evaluateRequirement(step.requires, ctx);
    const reached = open && result.met;
    if (!step.optional) open = reached;
    if (reached) stepsReached = i + 1;
    return { id: step.id, label: step.label, optional: step.optional, met: result.met, reached, result };
  });
  // Next: the first required step above the current one that is not reached, else an optional one.
  const above = steps.slice(stepsReached);
  const nextStep = above.find((s) => !s.optional && !s.reached) ?? above.find((s) => !s.reached);
  return {
    role: held.role.id,
    label: held.role.label,
    assignment: held.role.assignment,
    since: held.since,
    source: held.source,
    currentStep: stepsReached > 0 ? steps[stepsReached - 1]!.id : undefined,
    stepsReached,
    steps,
    next: nextStep
      ? {
          step: nextStep.id,
          label: nextStep.label,
          optional: nextStep.optional,
          missing: missingItems(nextStep.result, { role: held.role.id, step: nextStep.id }),
        }
      : undefined,
  };
}

/**
 * The unmet leaves of a result, as a to-do list: an unmet "all of" lists its unmet parts; an
 * unmet "any of" / "at least N" is one item whose options are the alternatives still open.
 */
export function missingItems(result: RequirementResult, where: { role?: string; step?: string; certification?: string }): MissingItem[] {
  if (result.met) return [];
  if (result.kind === 'allOf') return (result.children ?? []).flatMap((c) => missingItems(c, where));
  // Built field by field (no spread of `where`): this runs for every person on every evaluation.
  const item: MissingItem = {
    role: where.role,
    step: where.step,
    certification: where.certification,
    kind: result.kind,
    label: result.label,
    evidence: result.evidence,
    due: result.due,
    overdue: result.overdue ?? false,
    courseId: result.courseId,
    url: result.url,
    provider: result.provider,
    venue: result.venue,
    signUp: result.signUp,
    options: undefined,
  };
  // A course group small enough to name its courses (requirement-engine.ts) lists the open ones too.
  if (result.kind === 'anyOf' || result.kind === 'atLeast' || (result.kind === 'courses' && result.children)) {
    item.options = (result.children ?? []).filter((c) => !c.met).flatMap((c) => missingItems(c, where));
  }
  return [item];
}

/** Soonest due first; items without a due date last. Plain comparison: dates are ISO strings. */
function byDue(a: MissingItem, b: MissingItem): number {
  const x = a.due ?? '9999';
  const y = b.due ?? '9999';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The programme's roles by id. */
export function roleById(programme: Programme, id: string): Role | undefined {
  return programme.roles.find((r) => r.id === id);
}
