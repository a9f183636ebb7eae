/**
 * A Submissions item (申請) as the list holds it: the Kind column, and the fact, the reporter's note
 * and the evidence file in Payload as JSON. One writer (submissionPayload) and one reader
 * (readSubmissionPayload), used by the record parser, the CSV export and the Graph adapter alike.
 */
import { isLocalDate } from './local-date';
import type { DeclarationFact, EvaluationFact, EvidenceFile, ReportFact, ReportKind, SubmissionFact, SubmissionKind, SubmissionRecord, SubmissionStatus } from './records';

/** The report kinds, as the Kind column names them. */
export const REPORT_KIND_IDS: readonly ReportKind[] = ['qualification', 'course', 'contribution', 'skill'];

/** How people write the status (an office member may type 確認待ち by hand). */
const STATUS_WORDS: Record<string, SubmissionStatus> = {
  pending: 'pending',
  確認待ち: 'pending',
  承認待ち: 'pending',
  confirmed: 'confirmed',
  確認済み: 'confirmed',
  確認済: 'confirmed',
  承認: 'confirmed',
  returned: 'returned',
  差し戻し: 'returned',
  差戻し: 'returned',
  withdrawn: 'withdrawn',
  取下げ: 'withdrawn',
  取り下げ: 'withdrawn',
};

/** A fact someone confirms (承認 / 差し戻し): a report, or a declared role. */
export type ConfirmableFact = ReportFact | DeclarationFact;

/** Whether a Submissions item is confirmed as a report is (not an evaluator's part in a round). */
export function isConfirmable<T extends { fact: SubmissionFact }>(s: T): s is T & { fact: ConfirmableFact } {
  return s.fact.kind !== 'evaluation';
}

/** Whether a Submissions item is an evaluator's part in an evaluation round. */
export function isEvaluation<T extends { fact: SubmissionFact }>(s: T): s is T & { fact: EvaluationFact } {
  return s.fact.kind === 'evaluation';
}

/** How people write the kind. */
const KIND_WORDS: Record<string, SubmissionKind> = {
  qualification: 'qualification',
  資格: 'qualification',
  course: 'course',
  研修: 'course',
  受講: 'course',
  contribution: 'contribution',
  貢献: 'contribution',
  skill: 'skill',
  スキル: 'skill',
  スキル評価: 'skill',
  evaluation: 'evaluation',
  評価: 'evaluation',
  'role-declaration': 'role-declaration',
  申し出: 'role-declaration',
  自己申告: 'role-declaration',
};

/** A Status cell as a status, or undefined. */
export function readSubmissionStatus(text: string): SubmissionStatus | undefined {
  return STATUS_WORDS[text.trim().toLowerCase()];
}

/** A Kind cell as a kind of submission, or undefined. */
export function readSubmissionKind(text: string): SubmissionKind | undefined {
  return KIND_WORDS[text.trim().toLowerCase()];
}

/** A Kind cell as a report kind (what staff report), or undefined. */
export function readReportKind(text: string): ReportKind | undefined {
  const k = readSubmissionKind(text);
  return k && (REPORT_KIND_IDS as readonly string[]).includes(k) ? (k as ReportKind) : undefined;
}

/** The Payload cell of a submission: its fact, note and evidence file as JSON. */
export function submissionPayload(s: Pick<SubmissionRecord, 'fact' | 'note' | 'evidence'>): string {
  return JSON.stringify({ ...s.fact, ...(s.note ? { note: s.note } : {}), ...(s.evidence ? { evidence: s.evidence } : {}) });
}

/** What a Payload cell holds once read: the fact with its ids as written (resolved by the caller). */
export type PayloadRead = { ok: true; fact: SubmissionFact; note?: string; evidence?: EvidenceFile } | { ok: false; reason: string };

/**
 * Reads a Payload cell for a kind: JSON with the fact's fields (ids as written; the caller resolves
 * them against the programme), dates as YYYY-MM-DD, numbers as numbers.
 */
export function readSubmissionPayload(kind: SubmissionKind, text: string): PayloadRead {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: `内容（Payload）が JSON として読めません: "${text.slice(0, 60)}"` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: '内容（Payload）が JSON のオブジェクトではありません' };
  const o = raw as Record<string, unknown>;
  if (o.kind !== undefined && o.kind !== kind) return { ok: false, reason: `内容（Payload）の種別 "${String(o.kind)}" が種別の列（${kind}）と違います` };
  const text_ = (k: string): string | undefined => (typeof o[k] === 'string' && (o[k] as string).trim() !== '' ? (o[k] as string).trim() : undefined);
  const date = (k: string): string | undefined => {
    const d = text_(k);
    return d && isLocalDate(d) ? d : undefined;
  };
  const num = (k: string): number | undefined => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : undefined);
  const missing = (k: string): PayloadRead => ({ ok: false, reason: `内容（Payload）に ${k} がないか、読めません` });
  let fact: SubmissionFact;
  switch (kind) {
    case 'evaluation': {
      const round = text_('round');
      const project = text_('project');
      const perspective = text_('perspective');
      const subjects = Array.isArray(o.subjects) && o.subjects.every((x) => typeof x === 'string' && x.trim() !== '') ? (o.subjects as string[]).map((x) => x.trim().toLowerCase()) : undefined;
      if (!round) return missing('round');
      if (!project) return missing('project');
      if (!perspective) return missing('perspective');
      if (!subjects || subjects.length === 0) return missing('subjects');
      const f: EvaluationFact = { kind, round, project, perspective, subjects };
      const ext = o.external;
      if (typeof ext === 'object' && ext !== null && typeof (ext as Record<string, unknown>).name === 'string') {
        const x = ext as Record<string, unknown>;
        f.external = { name: String(x.name).trim(), ...(typeof x.organisation === 'string' && x.organisation.trim() ? { organisation: x.organisation.trim() } : {}) };
      }
      if (o.scores !== undefined) {
        if (!Array.isArray(o.scores) || o.scores.length !== subjects.length || o.scores.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
          return { ok: false, reason: '内容（Payload）の scores が評価される人（subjects）と同じ数の数値ではありません' };
        }
        f.scores = o.scores as number[];
        const answeredAt = text_('answeredAt');
        const answeredByUpn = text_('answeredByUpn');
        if (answeredAt) f.answeredAt = answeredAt;
        if (answeredByUpn) f.answeredByUpn = answeredByUpn.toLowerCase();
      }
      fact = f;
      break;
    }
    case 'role-declaration': {
      const role = text_('role');
      const d = date('date');
      if (!role) return missing('role');
      if (!d) return missing('date');
      const section = text_('section');
      fact = { kind, role, date: d, ...(section ? { section } : {}) };
      break;
    }
    case 'qualification': {
      const qualification = text_('qualification');
      const acquiredOn = date('acquiredOn');
      if (!qualification) return missing('qualification');
      if (!acquiredOn) return missing('acquiredOn');
      const certificateNumber = text_('certificateNumber');
      fact = { kind, qualification, acquiredOn, ...(certificateNumber ? { certificateNumber } : {}) };
      break;
    }
    case 'course': {
      const course = text_('course');
      const completedOn = date('completedOn');
      if (!course) return missing('course');
      if (!completedOn) return missing('completedOn');
      const hours = num('hours');
      fact = { kind, course, completedOn, ...(hours !== undefined ? { hours } : {}) };
      break;
    }
    case 'contribution': {
      const contribution = text_('contribution');
      const d = date('date');
      const title = text_('title');
      if (!contribution) return missing('contribution');
      if (!d) return missing('date');
      if (!title) return missing('title');
      fact = { kind, contribution, date: d, title };
      break;
    }
    case 'skill': {
      const skill = text_('skill');
      const level = num('level');
      const assessedOn = date('assessedOn');
      if (!skill) return missing('skill');
      if (level === undefined) return missing('level');
      if (!assessedOn) return missing('assessedOn');
      fact = { kind, skill, level, assessedOn };
      break;
    }
  }
  const note = text_('note');
  const e = o.evidence;
  let evidence: EvidenceFile | undefined;
  if (typeof e === 'object' && e !== null) {
    const f = e as Record<string, unknown>;
    if (typeof f.itemId === 'string' && typeof f.name === 'string' && typeof f.contentType === 'string' && typeof f.size === 'number') {
      evidence = { itemId: f.itemId, name: f.name, contentType: f.contentType, size: f.size };
    }
  }
  return { ok: true, fact, ...(note ? { note } : {}), ...(evidence ? { evidence } : {}) };
}

/** The id a fact is about (a qualification, course, contribution kind, skill or declared role). */
export function factSubject(fact: ConfirmableFact): string {
  switch (fact.kind) {
    case 'role-declaration':
      return fact.role;
    case 'qualification':
      return fact.qualification;
    case 'course':
      return fact.course;
    case 'contribution':
      return fact.contribution;
    case 'skill':
      return fact.skill;
  }
}

/** The date a fact happened on (a declared role: from when). */
export function factDate(fact: ConfirmableFact): string {
  switch (fact.kind) {
    case 'role-declaration':
      return fact.date;
    case 'qualification':
      return fact.acquiredOn;
    case 'course':
      return fact.completedOn;
    case 'contribution':
      return fact.date;
    case 'skill':
      return fact.assessedOn;
  }
}
