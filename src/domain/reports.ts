/**
 * Reports by staff (issue 12): which rule applies (the programme's `reporting`), whether a report
 * can be accepted (every field checked, each refusal naming its field in Japanese and English), who
 * may confirm it, and the fact it becomes once confirmed. Pure: the use cases do the writing.
 */
import { readDate, readNumber } from './cell-values';
import type { Label } from './label';
import type { LocalDate } from './local-date';
import { managesSection, sectionApproverOf } from './nomination-rules';
import type { Programme, ReportRule } from './programme';
import type { EvidenceFile, ReportFact, ReportKind, StaffRecord, SubmissionRecord } from './records';
import type { Snapshot } from './snapshot';
import { factDate, factSubject, REPORT_KIND_IDS, type ConfirmableFact } from './submissions';
import { programmeVocabulary } from './vocabulary';

/** The fields of a report, as the tab's form and the bot's card name them. */
export type ReportField = 'kind' | 'item' | 'date' | 'certificateNumber' | 'hours' | 'title' | 'level' | 'note' | 'file' | 'subject';

/** Why a report cannot be accepted, naming the field. */
export interface ReportFinding {
  field: ReportField;
  code:
    | 'REPORT.KIND_UNKNOWN'
    | 'REPORT.NOT_ALLOWED'
    | 'REPORT.ITEM_REQUIRED'
    | 'REPORT.ITEM_UNKNOWN'
    | 'REPORT.DATE_REQUIRED'
    | 'REPORT.DATE_UNREADABLE'
    | 'REPORT.DATE_FUTURE'
    | 'REPORT.DATE_BEFORE_HIRE'
    | 'REPORT.HOURS_INVALID'
    | 'REPORT.LEVEL_INVALID'
    | 'REPORT.TITLE_REQUIRED'
    | 'REPORT.TEXT_TOO_LONG'
    | 'REPORT.NOTE_REQUIRED'
    | 'REPORT.FILE_REQUIRED'
    | 'REPORT.FILE_TOO_LARGE'
    | 'REPORT.FILE_TYPE'
    | 'REPORT.ALREADY_RECORDED'
    | 'REPORT.ALREADY_PENDING'
    | 'REPORT.NOT_STAFF'
    | 'REPORT.NOT_SELF'
    | 'REPORT.NO_CONFIRMER';
  message: Label;
}

/** A report as typed into the tab's form or the bot's card: text as typed, checked by checkReport. */
export interface ReportInput {
  kind: string;
  /** The qualification, course, contribution kind or skill: an id, or its name as people write it. */
  item: string;
  /** The day it happened (取得日, 受講日, 日付, 評価日): 2026-04-01, 2026/4/1, 令和8年4月1日 … */
  date: string;
  certificateNumber?: string;
  hours?: string | number;
  /** What the contribution was (講師を務めた研修の名前 …). */
  title?: string;
  level?: string | number;
  note?: string;
  /** The evidence file, as received: its bytes decide its type, not its name. */
  file?: { name: string; size: number; bytes: Uint8Array };
}

/** An accepted report: the fact, the rule that applies to it, and the evidence as given. */
export interface AcceptedReport {
  fact: ReportFact;
  rule: ReportRule;
  note?: string;
  file?: { name: string; contentType: string; size: number; bytes: Uint8Array };
}

export type ReportCheck = { ok: true; report: AcceptedReport } | { ok: false; errors: ReportFinding[] };

/** Free text as SharePoint's single-line text column holds it (title, certificate number). */
const TEXT_MAX = 255;
/** A note or a comment (multi-line column). */
export const NOTE_MAX = 1000;
/** Hours of one course taken elsewhere. */
const HOURS_MAX = 1000;

const CONTENT_TYPES = { pdf: 'application/pdf', jpeg: 'image/jpeg', png: 'image/png' } as const;

/** The rule for a kind and an item: the item's exception, else the kind's. */
export function reportRule(programme: Programme, kind: ReportKind, itemId?: string): ReportRule {
  const r = programme.reporting;
  return (itemId !== undefined ? r.items[kind][itemId] : undefined) ?? r[kind];
}

/** Whether anything of a kind may be reported (the kind, or one of its exceptions). */
export function reportable(programme: Programme, kind: ReportKind): boolean {
  return programme.reporting[kind].allowed || Object.values(programme.reporting.items[kind]).some((r) => r.allowed);
}

/** The kinds a programme lets staff report, in the form's order. */
export function reportableKinds(programme: Programme): ReportKind[] {
  return REPORT_KIND_IDS.filter((k) => reportable(programme, k));
}

/** A file's type from its first bytes (a name or a declared type can say anything). */
export function sniffFileType(bytes: Uint8Array): 'pdf' | 'jpeg' | 'png' | undefined {
  const b = (i: number): number => bytes[i] ?? -1;
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46 && b(4) === 0x2d) return 'pdf'; // %PDF-
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47 && b(4) === 0x0d && b(5) === 0x0a && b(6) === 0x1a && b(7) === 0x0a) return 'png';
  return undefined;
}

/** A declared role's kind, for the confirmer's queue and cards (the reports' labels are below). */
export const DECLARATION_KIND_LABEL: Label = { ja: '役割の申し出', en: 'Role declaration' };

/** The kind of a fact someone confirms, as the queue and the cards name it. */
export function confirmableKindLabel(kind: ConfirmableFact['kind']): Label {
  return kind === 'role-declaration' ? DECLARATION_KIND_LABEL : REPORT_KIND_LABEL[kind];
}

/** What a fact someone confirms is about (a course's title, a declared role's name …). */
export function confirmableItemLabel(programme: Programme, snapshot: Snapshot, fact: ConfirmableFact): Label {
  if (fact.kind === 'role-declaration') return programme.roles.find((r) => r.id === fact.role)?.label ?? { ja: fact.role };
  return itemLabelOf(programme, snapshot, fact.kind, factSubject(fact));
}

/** What the date of each kind is called (取得日, 受講日 …). */
export const REPORT_DATE_LABEL: Record<ReportKind, Label> = {
  qualification: { ja: '取得日', en: 'Date acquired' },
  course: { ja: '受講日', en: 'Date completed' },
  contribution: { ja: '日付', en: 'Date' },
  skill: { ja: '評価日', en: 'Date assessed' },
};

/** What the item of each kind is called. */
export const REPORT_ITEM_LABEL: Record<ReportKind, Label> = {
  qualification: { ja: '資格', en: 'Qualification' },
  course: { ja: '研修', en: 'Course' },
  contribution: { ja: '貢献の種別', en: 'Kind of contribution' },
  skill: { ja: 'スキル', en: 'Skill' },
};

/** A kind's name, for messages and the cards. */
export const REPORT_KIND_LABEL: Record<ReportKind, Label> = {
  qualification: { ja: '資格', en: 'Qualification' },
  course: { ja: '研修の受講', en: 'Course taken' },
  contribution: { ja: '貢献', en: 'Contribution' },
  skill: { ja: 'スキルの自己評価', en: 'Skill self-assessment' },
};

/**
 * Checks a report by `subject` against the programme and the current lists: the kind and item exist
 * and may be reported, the date is readable and not in the future (nor before the person was hired,
 * when that is known), hours and level are on their scales, the evidence the rule asks for is there
 * (a file of an allowed type, within the size limit), and the fact is neither recorded already nor
 * waiting in another report. Every problem is reported, each naming its field.
 */
export function checkReport(programme: Programme, snapshot: Snapshot, subject: StaffRecord | undefined, input: ReportInput, today: LocalDate, hiredOn?: LocalDate): ReportCheck {
  const errors: ReportFinding[] = [];
  const add = (field: ReportField, code: ReportFinding['code'], ja: string, en: string): void => void errors.push({ field, code, message: { ja, en } });
  if (!subject || !subject.active) {
    add('subject', 'REPORT.NOT_STAFF', '職員リストに在職者として登録されていないため、報告できません。職員課に確認してください', 'You are not on the Staff list as active staff, so you cannot report');
    return { ok: false, errors };
  }
  const kind = (REPORT_KIND_IDS as readonly string[]).includes(input.kind) ? (input.kind as ReportKind) : undefined;
  if (!kind) {
    add('kind', 'REPORT.KIND_UNKNOWN', `「種別」が正しくありません: "${clipText(input.kind)}"（資格・研修の受講・貢献・スキルの自己評価）`, `"Kind" is not one of qualification, course, contribution, skill: "${clipText(input.kind)}"`);
    return { ok: false, errors };
  }
  const kindName = REPORT_KIND_LABEL[kind];
  const itemName = REPORT_ITEM_LABEL[kind];
  const dateName = REPORT_DATE_LABEL[kind];

  // The item: resolved as the lists read it (an id, a label, an alias, any width).
  const vocab = programmeVocabulary(programme);
  for (const id of snapshot.courses.keys()) vocab.courses.add(id, snapshot.courses.get(id)?.label.ja);
  const written = input.item?.trim() ?? '';
  let item: string | undefined;
  let itemLabel: Label | undefined;
  if (!written) add('item', 'REPORT.ITEM_REQUIRED', `「${itemName.ja}」を選んでください`, `Choose the ${itemName.en!.toLowerCase()}`);
  else {
    item = resolveItem(programme, snapshot, vocab, kind, written);
    itemLabel = item ? itemLabelOf(programme, snapshot, kind, item) : undefined;
    if (!item) add('item', 'REPORT.ITEM_UNKNOWN', `「${itemName.ja}」: プログラムにない${itemName.ja}です: "${clipText(written)}"`, `${itemName.en}: not in the programme: "${clipText(written)}"`);
  }
  const rule = reportRule(programme, kind, item);
  if (!rule.allowed) {
    const what = itemLabel ? `「${itemLabel.ja}」` : kindName.ja;
    add(item ? 'item' : 'kind', 'REPORT.NOT_ALLOWED', `${what}は本人からの報告を受け付けていません（記録はプログラム事務局が取り込みます）`, `${itemLabel?.en ?? itemLabel?.ja ?? kindName.en} cannot be reported by staff (the programme office imports these records)`);
  }

  // The date.
  let date: LocalDate | undefined;
  const dateText = input.date?.trim() ?? '';
  if (!dateText) add('date', 'REPORT.DATE_REQUIRED', `「${dateName.ja}」を入れてください`, `Enter the ${dateName.en!.toLowerCase()}`);
  else {
    const d = readDate(dateText);
    if (!d.ok) add('date', 'REPORT.DATE_UNREADABLE', `「${dateName.ja}」が日付として読めません: "${clipText(dateText)}"（例: 2026-04-01）`, `${dateName.en} is not a date: "${clipText(dateText)}" (e.g. 2026-04-01)`);
    else if (d.value > today) add('date', 'REPORT.DATE_FUTURE', `「${dateName.ja}」が未来の日付です: ${d.value}（今日は ${today}）`, `${dateName.en} is in the future: ${d.value} (today is ${today})`);
    else if (hiredOn && d.value < hiredOn) add('date', 'REPORT.DATE_BEFORE_HIRE', `「${dateName.ja}」が採用日（${hiredOn}）より前です: ${d.value}`, `${dateName.en} is before you were hired (${hiredOn}): ${d.value}`);
    else date = d.value;
  }

  // What each kind adds.
  const certificateNumber = input.certificateNumber?.trim() || undefined;
  if (certificateNumber && certificateNumber.length > TEXT_MAX) add('certificateNumber', 'REPORT.TEXT_TOO_LONG', `「証書番号」が長すぎます（${TEXT_MAX} 文字まで）`, `Certificate number is too long (at most ${TEXT_MAX} characters)`);
  let hours: number | undefined;
  if (kind === 'course' && input.hours !== undefined && String(input.hours).trim() !== '') {
    const n = readNumber(input.hours);
    if (!n.ok || n.value <= 0 || n.value > HOURS_MAX) add('hours', 'REPORT.HOURS_INVALID', `「時間」は 0 より大きく ${HOURS_MAX} 以下の数で入れてください: "${clipText(String(input.hours))}"`, `Hours must be a number above 0 and at most ${HOURS_MAX}: "${clipText(String(input.hours))}"`);
    else hours = n.value;
  }
  const title = input.title?.trim() || undefined;
  if (kind === 'contribution') {
    if (!title) add('title', 'REPORT.TITLE_REQUIRED', '「内容」を入れてください（例: 新任研修の講師）', 'Enter what the contribution was (e.g. lecturer at the induction course)');
    else if (title.length > TEXT_MAX) add('title', 'REPORT.TEXT_TOO_LONG', `「内容」が長すぎます（${TEXT_MAX} 文字まで）`, `What you did is too long (at most ${TEXT_MAX} characters)`);
  }
  let level: number | undefined;
  if (kind === 'skill') {
    const { min, max } = programme.scales.skillLevel;
    const raw = input.level === undefined ? '' : String(input.level).trim();
    const n = raw === '' ? undefined : readNumber(raw);
    if (!n || !n.ok || !Number.isInteger(n.value) || n.value < min || n.value > max) {
      add('level', 'REPORT.LEVEL_INVALID', `「レベル」は ${min}〜${max} の整数で選んでください${raw ? `: "${clipText(raw)}"` : ''}`, `Level must be a whole number from ${min} to ${max}${raw ? `: "${clipText(raw)}"` : ''}`);
    } else level = n.value;
  }

  // Evidence, as the rule asks.
  const note = input.note?.trim() || undefined;
  if (note && note.length > NOTE_MAX) add('note', 'REPORT.TEXT_TOO_LONG', `「メモ」が長すぎます（${NOTE_MAX} 文字まで）`, `Note is too long (at most ${NOTE_MAX} characters)`);
  if (rule.allowed && rule.evidence === 'note' && !note) add('note', 'REPORT.NOTE_REQUIRED', '「メモ」を入れてください（いつ・どこで・何を。確認する人が確かめられるように）', 'Enter a note (when, where, what: so the person confirming can check it)');
  let file: AcceptedReport['file'];
  if (input.file) {
    const files = programme.reporting.files;
    const type = sniffFileType(input.file.bytes);
    if (input.file.size > files.maxBytes) {
      add('file', 'REPORT.FILE_TOO_LARGE', `「ファイル」が大きすぎます: ${megabytes(input.file.size)} MB（${megabytes(files.maxBytes)} MB まで）`, `File is too large: ${megabytes(input.file.size)} MB (at most ${megabytes(files.maxBytes)} MB)`);
    } else if (!type || !files.types.includes(type)) {
      const allowed = files.types.map((t) => t.toUpperCase()).join('・');
      add('file', 'REPORT.FILE_TYPE', `「ファイル」の形式が受け付けられません（${allowed} のファイルを選んでください）: ${clipText(input.file.name)}`, `File type not accepted (choose a ${files.types.map((t) => t.toUpperCase()).join(', ')} file): ${clipText(input.file.name)}`);
    } else file = { name: safeFileName(input.file.name, type), contentType: CONTENT_TYPES[type], size: input.file.size, bytes: input.file.bytes };
  } else if (rule.allowed && rule.evidence === 'file') {
    add('file', 'REPORT.FILE_REQUIRED', `「ファイル」を添付してください（合格証・修了証など。${programme.reporting.files.types.map((t) => t.toUpperCase()).join('・')}）`, `Attach a file (a certificate: ${programme.reporting.files.types.map((t) => t.toUpperCase()).join(', ')})`);
  }

  if (errors.length > 0 || !item || !date) return { ok: false, errors };
  const fact = factOf(kind, item, date, { certificateNumber, hours, title: title ?? '', level: level ?? 0 });

  // Not recorded already, and not waiting in another report.
  const recorded = alreadyRecorded(snapshot, subject.upn, fact);
  if (recorded) add('item', 'REPORT.ALREADY_RECORDED', `${recorded.ja}はすでに記録されています`, `${recorded.en} is already recorded`);
  const pending = snapshot.records.submissions.find((s) => s.subjectUpn === subject.upn && s.status === 'pending' && s.fact.kind === fact.kind && sameFact(s.fact, fact));
  if (pending) add('item', 'REPORT.ALREADY_PENDING', `同じ報告が確認待ちです（${pending.submittedAt.slice(0, 10)} に報告）`, `The same report is waiting for confirmation (reported ${pending.submittedAt.slice(0, 10)})`);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, report: { fact, rule, ...(note ? { note } : {}), ...(file ? { file } : {}) } };
}

function factOf(kind: ReportKind, item: string, date: LocalDate, more: { certificateNumber?: string; hours?: number; title: string; level: number }): ReportFact {
  switch (kind) {
    case 'qualification':
      return { kind, qualification: item, acquiredOn: date, ...(more.certificateNumber ? { certificateNumber: more.certificateNumber } : {}) };
    case 'course':
      return { kind, course: item, completedOn: date, ...(more.hours !== undefined ? { hours: more.hours } : {}) };
    case 'contribution':
      return { kind, contribution: item, date, title: more.title };
    case 'skill':
      return { kind, skill: item, level: more.level, assessedOn: date };
  }
}

function resolveItem(programme: Programme, snapshot: Snapshot, vocab: ReturnType<typeof programmeVocabulary>, kind: ReportKind, written: string): string | undefined {
  switch (kind) {
    case 'qualification':
      return vocab.qualifications.resolve(written);
    case 'course': {
      const id = vocab.courses.resolve(written);
      return id && snapshot.courses.has(id) ? id : undefined;
    }
    case 'contribution':
      return vocab.contributionKinds.resolve(written);
    case 'skill':
      return programme.skillMap ? vocab.skills.resolve(written) : undefined;
  }
}

/** The name of what a fact is about (a qualification's label, a course's title …). */
export function itemLabelOf(programme: Programme, snapshot: Snapshot, kind: ReportKind, id: string): Label {
  switch (kind) {
    case 'qualification':
      return programme.qualifications.find((q) => q.id === id)?.label ?? { ja: id };
    case 'course':
      return snapshot.courses.get(id)?.label ?? { ja: id };
    case 'contribution':
      return programme.contributionKinds.find((c) => c.id === id)?.label ?? { ja: id };
    case 'skill':
      return programme.skillMap?.skills.find((s) => s.id === id)?.label ?? { ja: id };
  }
}

/** The fact already in its list: what to call it, or undefined when it is new. */
function alreadyRecorded(snapshot: Snapshot, upn: string, fact: ReportFact): Label | undefined {
  const label = (ja: string, en: string): Label => ({ ja, en });
  switch (fact.kind) {
    case 'qualification':
      return (snapshot.qualificationsByUpn.get(upn) ?? []).some((q) => q.qualification === fact.qualification) ? label('この資格', 'This qualification') : undefined;
    case 'course':
      return (snapshot.completions.get(upn)?.get(fact.course) ?? []).some((c) => c.completedOn === fact.completedOn) ? label('この日の受講', 'This completion') : undefined;
    case 'contribution':
      return (snapshot.contributionsByUpn.get(upn) ?? []).some((c) => c.kind === fact.contribution && c.date === fact.date && (c.title ?? '') === fact.title) ? label('この貢献', 'This contribution') : undefined;
    case 'skill':
      return (snapshot.skillLevels.get(upn)?.get(fact.skill) ?? []).some((s) => s.assessedOn === fact.assessedOn && (!s.assessor || s.assessor === upn) && s.level === fact.level)
        ? label('この日の同じ自己評価', 'The same self-assessment on this day')
        : undefined;
  }
}

/** Two facts about the same thing (the same qualification or declared role; the same course on the same day …). */
export function sameFact(a: ConfirmableFact, b: ConfirmableFact): boolean {
  if (a.kind !== b.kind || factSubject(a) !== factSubject(b)) return false;
  if (a.kind === 'qualification' || a.kind === 'role-declaration') return true;
  return factDate(a) === factDate(b);
}

/** Who confirms a fact by the programme's rule: a report's (reporting), or a declared role's (declaration.confirmedBy). */
export function confirmerRuleOf(programme: Programme, fact: ConfirmableFact): 'none' | 'sectionManager' | 'departmentManager' | 'office' {
  if (fact.kind !== 'role-declaration') return reportRule(programme, fact.kind, factSubject(fact)).confirmer;
  const by = programme.roles.find((r) => r.id === fact.role)?.declaration?.confirmedBy ?? 'sectionManager';
  return by === 'nobody' ? 'none' : by === 'programmeOffice' ? 'office' : by;
}

/**
 * Who may decide a report: the person asked (ConfirmerUpn), a manager of the reporter's section
 * when the section manager confirms, the programme office always — never the reporter themselves.
 */
export function mayConfirm(programme: Programme, snapshot: Snapshot, s: Pick<SubmissionRecord, 'subjectUpn' | 'confirmerUpn' | 'fact'>, actor: { upn: string; office: boolean }): boolean {
  const upn = actor.upn.toLowerCase();
  // An evaluator's part in a round is not confirmed: the office closes the round.
  if (upn === s.subjectUpn || s.fact.kind === 'evaluation') return false;
  if (actor.office || upn === s.confirmerUpn) return true;
  const rule = confirmerRuleOf(programme, s.fact);
  if (rule !== 'sectionManager' && rule !== 'departmentManager') return false;
  const subject = snapshot.staffByUpn.get(s.subjectUpn);
  const me = snapshot.staffByUpn.get(upn);
  if (!subject || !me || !managesSection(programme, me, subject.department, subject.section)) return false;
  // A declaration the department head confirms is not a section manager's to decide.
  return rule === 'sectionManager' || programme.grades.find((g) => g.id === me.grade)?.manages === 'department';
}

/** The person asked to confirm a report by `subject` under `rule`, or undefined when nobody confirms or nobody can be found. */
export function confirmerFor(programme: Programme, snapshot: Snapshot, subject: StaffRecord, rule: ReportRule, officeConfirmerUpn: string | undefined): string | undefined {
  if (rule.confirmer === 'none') return undefined;
  if (rule.confirmer === 'office') return officeConfirmerUpn?.toLowerCase();
  // Nobody above them in the section or the department (a 部長 reporting): the office confirms.
  return sectionApproverOf(programme, snapshot, subject.department, subject.section, subject.upn) ?? officeConfirmerUpn?.toLowerCase();
}

/** A fact as the record it becomes in its list, with who confirmed it and when. */
export type ConfirmedFact =
  | { list: 'Qualifications'; fields: { Upn: string; Qualification: string; AcquiredOn: LocalDate; CertificateNumber?: string } }
  | { list: 'Completions'; fields: { Upn: string; CourseId: string; CompletedOn: LocalDate; Hours?: number } }
  | { list: 'Contributions'; fields: { Upn: string; Kind: string; Date: LocalDate; Title: string } }
  | { list: 'SkillLevels'; fields: { Upn: string; Skill: string; Level: number; AssessedOn: LocalDate; Assessor: string } }
  | { list: 'Roles'; fields: { Upn: string; Role: string; Section?: string; StartDate: LocalDate; Source: string } }
  /** A score of a closed evaluation round (evaluation-rounds.ts). */
  | { list: 'Evaluations'; fields: { ProjectId: string; Upn: string; Perspective: string; Score: number; EvaluatorUpn: string } };

/** The Roles Source of a declared role once confirmed (or recorded at once where nobody confirms). */
export const DECLARATION_SOURCE = '自己申告';

/** The list row a fact becomes (a self-assessment is the person's own: Assessor is them; a declared role is a Roles row). */
export function confirmedFact(subjectUpn: string, fact: ConfirmableFact): ConfirmedFact {
  switch (fact.kind) {
    case 'role-declaration':
      return { list: 'Roles', fields: { Upn: subjectUpn, Role: fact.role, ...(fact.section ? { Section: fact.section } : {}), StartDate: fact.date, Source: DECLARATION_SOURCE } };
    case 'qualification':
      return { list: 'Qualifications', fields: { Upn: subjectUpn, Qualification: fact.qualification, AcquiredOn: fact.acquiredOn, ...(fact.certificateNumber ? { CertificateNumber: fact.certificateNumber } : {}) } };
    case 'course':
      return { list: 'Completions', fields: { Upn: subjectUpn, CourseId: fact.course, CompletedOn: fact.completedOn, ...(fact.hours !== undefined ? { Hours: fact.hours } : {}) } };
    case 'contribution':
      return { list: 'Contributions', fields: { Upn: subjectUpn, Kind: fact.contribution, Date: fact.date, Title: fact.title } };
    case 'skill':
      return { list: 'SkillLevels', fields: { Upn: subjectUpn, Skill: fact.skill, Level: fact.level, AssessedOn: fact.assessedOn, Assessor: subjectUpn } };
  }
}

/** The evidence file's record, once stored. */
export function evidenceOf(file: NonNullable<AcceptedReport['file']>, itemId: string): EvidenceFile {
  return { itemId, name: file.name, contentType: file.contentType, size: file.size };
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
}

function clipText(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** A file name SharePoint and every browser take: no path, no characters SharePoint refuses, the type's extension. */
function safeFileName(name: string, type: 'pdf' | 'jpeg' | 'png'): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/\.[^.]*$/, '')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must not hold
    .replace(/["*:<>?/\\|#%~&{}\u0000-\u001f]/g, '_')
    .trim()
    .slice(0, 80);
  return `${base || 'evidence'}.${type === 'jpeg' ? 'jpg' : type}`;
}
