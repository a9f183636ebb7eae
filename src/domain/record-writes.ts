/**
 * Confirmed writes applied to parsed records (issue 12, "at once"): what the server just wrote to a
 * list is put into the records it evaluates, without reading the lists again. Each write is applied
 * as the list reading would have it — an item already there (the same natural key the parser dedupes
 * on, or the same item id) is not added twice — so applying a write the lists already show changes
 * nothing, and a write may be applied again on top of a newer sync.
 */
import type { LocalDate } from './local-date';
import type {
  CompletionRecord,
  ContributionRecord,
  EvaluationRecord,
  NominationRecord,
  QualificationRecord,
  Records,
  RoleRecord,
  SkillLevelRecord,
  SubmissionRecord,
} from './records';

/** One write the server made, as the record (or change) the lists now hold. */
export type RecordWrite =
  | { list: 'Completions'; record: CompletionRecord }
  | { list: 'Qualifications'; record: QualificationRecord }
  | { list: 'Contributions'; record: ContributionRecord }
  | { list: 'SkillLevels'; record: SkillLevelRecord }
  | { list: 'Evaluations'; record: EvaluationRecord }
  | { list: 'Roles'; record: RoleRecord }
  /** A role's end date set (交代: the replaced holder's role ends). */
  | { list: 'Roles'; ended: { upn: string; role: string; end: LocalDate } }
  /** A nomination created or decided: replaces the item with the same id. */
  | { list: 'Nominations'; record: NominationRecord & { itemId: string } }
  /** A report created or decided: replaces the item with the same id. */
  | { list: 'Submissions'; record: SubmissionRecord & { itemId: string } };

/** The people a write changes the progress of. */
export function affectedBy(write: RecordWrite): string {
  if ('ended' in write) return write.ended.upn;
  switch (write.list) {
    case 'Nominations':
      return write.record.nomineeUpn;
    case 'Submissions':
      return write.record.subjectUpn;
    default:
      return write.record.upn;
  }
}

/**
 * The records with the writes applied: new arrays for the lists written to (the records an
 * evaluation in use holds are never changed), the others shared.
 */
export function applyRecordWrites(records: Records, writes: readonly RecordWrite[]): Records {
  const out: Records = { ...records };
  const copied = new Set<keyof Records>();
  const list = <K extends keyof Records>(key: K): Records[K] => {
    if (!copied.has(key)) {
      copied.add(key);
      out[key] = [...records[key]] as Records[K];
    }
    return out[key];
  };
  for (const w of writes) {
    if ('ended' in w) {
      const roles = list('roles');
      const { upn, role, end } = w.ended;
      for (let i = 0; i < roles.length; i++) {
        const r = roles[i]!;
        if (r.upn === upn && r.role === role && (r.end === undefined || r.end > end) && r.start <= end) roles[i] = { ...r, end };
      }
      continue;
    }
    switch (w.list) {
      case 'Completions':
        addOnce(list('completions'), w.record, (c) => `${c.upn}|${c.courseId}|${c.completedOn}`);
        break;
      case 'Qualifications':
        addOnce(list('qualifications'), w.record, (q) => `${q.upn}|${q.qualification}`);
        break;
      case 'Contributions':
        addOnce(list('contributions'), w.record, (c) => `${c.upn}|${c.kind}|${c.date}|${c.title ?? ''}`);
        break;
      case 'SkillLevels':
        addOnce(list('skillLevels'), w.record, (s) => `${s.upn}|${s.skill}|${s.assessedOn ?? ''}|${s.assessor ?? ''}`);
        break;
      case 'Evaluations':
        addOnce(list('evaluations'), w.record, (e) => `${e.projectId}|${e.upn}|${e.perspective}|${e.evaluatorUpn ?? ''}`);
        break;
      case 'Roles':
        addOnce(list('roles'), w.record, (r) => `${r.upn}|${r.role}|${r.start}`);
        break;
      case 'Nominations':
        replaceById(list('nominations'), w.record);
        break;
      case 'Submissions':
        replaceById(list('submissions'), w.record);
        break;
    }
  }
  return out;
}

function addOnce<T>(items: T[], record: T, key: (x: T) => string): void {
  const k = key(record);
  if (!items.some((x) => key(x) === k)) items.push(record);
}

function replaceById<T extends { itemId?: string }>(items: T[], record: T): void {
  const i = items.findIndex((x) => x.itemId === record.itemId);
  if (i >= 0) items[i] = record;
  else items.push(record);
}
