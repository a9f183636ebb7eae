/**
 * Evaluation rounds (真岡市, issue 12), kept in the Submissions list: one row of kind `evaluation` per
 * evaluator, all with the same round id in their Payload. Why rows of Submissions and not a list of
 * their own: each evaluator writes only their own row, so two evaluators answering at once never
 * contend for one item's version (If-Match), and the list already brings what a round needs — a state
 * per row (確認待ち = open, 確認済み = answered and closed, 取下げ = closed without an answer), who opened
 * it (ConfirmerUpn) and who closed it and when (DecidedByUpn, DecidedAt), provisioning, the parser's
 * checks and the CSV export. The Evaluations list gets only closed rounds' scores, each with who
 * confirmed it (the office member who closed the round) and when.
 *
 * Who may: the office opens, closes, reminds and enters the scores of evaluators outside the tenant;
 * an evaluator answers their own part only, never about their own project (checked when the round opens).
 */
import { answered, checkRoundOpening, checkScores, roundId, roundsOf, roundSubjects, type EvaluatorInput, type RoundFinding, type RoundState } from '../domain/evaluation-rounds';
import type { Label } from '../domain/label';
import type { EvaluationFact, SubmissionRecord } from '../domain/records';
import type { RecordWrite } from '../domain/record-writes';
import type { LocalDate } from '../domain/local-date';
import type { ReminderItem } from '../domain/reminder-planner';
import type { ConfirmedFact } from '../domain/reports';
import type { Snapshot } from '../domain/snapshot';
import { formatDateTime } from '../i18n/format';
import type { Clock, StoredSubmission, SubmissionStore } from '../ports';
import type { Scope } from './access';
import type { ProgrammeService } from './programme-service';
import { factWrite, submissionWrite } from './reports';

export interface RoundDeps {
  service: ProgrammeService;
  submissions: SubmissionStore;
  clock: Clock;
}

export interface RoundActor {
  upn: string;
  office: boolean;
}

/** One evaluator of a round as the tab and the cards show it. */
export interface RoundEvaluatorView {
  /** The evaluator's Submissions item. */
  rowId: string;
  upn: string;
  name: string;
  organisation?: string;
  external: boolean;
  perspective: { id: string; label: Label; aspect?: Label };
  answered: boolean;
  answeredAt?: string;
  /** The scores, one per person judged: to the office and to the evaluator themselves. */
  scores?: number[];
  /** The viewer is this evaluator. */
  mine: boolean;
  /** The viewer may enter or change these scores now (their own, or an outside evaluator's for the office), while the round is open. */
  canAnswer: boolean;
}

/** An evaluation round as the tab and the cards show it. */
export interface RoundView {
  id: string;
  project: { id: string; title: string; fiscalYear?: number };
  open: boolean;
  openedAt: string;
  openedBy?: { upn: string; name: string };
  closedAt?: string;
  closedBy?: { upn: string; name: string };
  scale: { min: number; max: number };
  /** The people judged: the project's leaders when the round opened. */
  subjects: Array<{ upn: string; name: string; section?: string }>;
  evaluators: RoundEvaluatorView[];
  answered: number;
  total: number;
}

/** The rounds the caller may see: every round for the office; for anyone else the rounds they evaluate in (their own part only). */
export function roundsView(service: ProgrammeService, scope: Pick<Scope, 'caller' | 'office'>): RoundView[] {
  const e = service.current();
  if (!e) throw new Error('the programme has not been read yet');
  const me = scope.caller.upn.toLowerCase();
  return roundsOf(e.snapshot.records.submissions)
    .filter((r) => scope.office || r.rows.some((x) => x.subjectUpn === me))
    .map((r) => roundView(service, e.snapshot, r, { upn: me, office: scope.office }));
}

/** One round for one viewer. */
export function roundView(service: ProgrammeService, snapshot: Snapshot, r: RoundState, viewer: RoundActor): RoundView {
  const p = service.programme;
  const name = (upn: string): string => snapshot.staffByUpn.get(upn)?.name ?? upn;
  const project = snapshot.projects.get(r.project);
  const visible = viewer.office ? r.rows : r.rows.filter((x) => x.subjectUpn === viewer.upn);
  const evaluators = visible
    .filter((x) => x.itemId !== undefined)
    .map((x): RoundEvaluatorView => {
      const perspective = p.perspectives.find((q) => q.id === x.fact.perspective);
      const mine = x.subjectUpn === viewer.upn;
      const done = answered(x.fact);
      return {
        rowId: x.itemId ?? '',
        upn: x.subjectUpn,
        name: x.fact.external?.name ?? name(x.subjectUpn),
        ...(x.fact.external?.organisation ? { organisation: x.fact.external.organisation } : {}),
        external: !!x.fact.external,
        perspective: { id: x.fact.perspective, label: perspective?.label ?? { ja: x.fact.perspective }, ...(perspective?.aspect ? { aspect: perspective.aspect } : {}) },
        answered: done,
        ...(x.fact.answeredAt ? { answeredAt: x.fact.answeredAt } : {}),
        ...(done && (viewer.office || mine) ? { scores: x.fact.scores } : {}),
        mine,
        canAnswer: x.status === 'pending' && ((mine && !x.fact.external) || (viewer.office && !!x.fact.external)),
      };
    });
  return {
    id: r.id,
    project: { id: r.project, title: project?.title ?? r.project, ...(project ? { fiscalYear: project.fiscalYear } : {}) },
    open: r.open,
    openedAt: r.openedAt,
    ...(r.openedByUpn ? { openedBy: { upn: r.openedByUpn, name: name(r.openedByUpn) } } : {}),
    ...(r.closedAt ? { closedAt: r.closedAt } : {}),
    ...(r.closedByUpn ? { closedBy: { upn: r.closedByUpn, name: name(r.closedByUpn) } } : {}),
    scale: p.scales.evaluation,
    subjects: r.subjects.map((upn) => ({ upn, name: name(upn), ...(snapshot.staffByUpn.get(upn) ? { section: snapshot.staffByUpn.get(upn)!.section } : {}) })),
    evaluators,
    // An evaluator sees their own part only: not how many others have answered.
    answered: (viewer.office ? r.rows : visible).filter((x) => answered(x.fact)).length,
    total: (viewer.office ? r.rows : visible).length,
  };
}

/** The projects a round can be opened for, newest first: those with leaders and no open round. */
export function roundProjects(service: ProgrammeService): Array<{ id: string; title: string; fiscalYear: number; leaders: Array<{ upn: string; name: string }>; members: Array<{ upn: string; name: string }> }> {
  const e = service.current();
  if (!e) throw new Error('the programme has not been read yet');
  const s = e.snapshot;
  const open = new Set(roundsOf(s.records.submissions).filter((r) => r.open).map((r) => r.project));
  return [...s.projects.values()]
    .filter((p) => !open.has(p.projectId) && (!p.start || p.start <= e.asOf))
    .map((p) => ({
      id: p.projectId,
      title: p.title,
      fiscalYear: p.fiscalYear,
      leaders: roundSubjects(s, p.projectId).map((upn) => ({ upn, name: s.staffByUpn.get(upn)?.name ?? upn })),
      members: s.records.projectMembers.filter((m) => m.projectId === p.projectId && m.projectRole === 'member').map((m) => ({ upn: m.upn, name: s.staffByUpn.get(m.upn)?.name ?? m.upn })),
    }))
    .filter((p) => p.leaders.length > 0)
    .sort((a, b) => b.fiscalYear - a.fiscalYear || a.id.localeCompare(b.id));
}

/**
 * What opening a round answers (POST /api/rounds): the round, how many staff evaluators were asked in
 * their Teams chat, and the staff evaluators Teams did not reach, with why — SkillSteps not added in
 * their Teams (notInstalled), or the message not sent (notSent: the bot is off, or Teams refused it) —
 * so the office contacts them. Outside evaluators are never asked in Teams.
 */
export interface RoundOpened {
  round: RoundView;
  requested: number;
  notReached: Array<{ upn: string; name: string; reason: 'notInstalled' | 'notSent' }>;
}

export type OpenResult = { ok: true; round: RoundView; rows: string[] } | { ok: false; code: 'NOT_OFFICE' | 'INVALID'; errors: RoundFinding[] };

const notOffice = (what: string): { ok: false; code: 'NOT_OFFICE'; errors: RoundFinding[] } => ({
  ok: false,
  code: 'NOT_OFFICE',
  errors: [{ field: 'project', code: 'ROUND.NO_EVALUATORS', message: { ja: `評価ラウンドを${what}のはプログラム事務局だけです`, en: 'Only the programme office manages evaluation rounds' } }],
});

/**
 * Opens a round for a project: every evaluator checked (nothing is written on any error), then one
 * Submissions row each, waiting (確認待ち), with the people judged fixed as the project's leaders now.
 */
export async function openRound(deps: RoundDeps, input: { project: string; evaluators: readonly EvaluatorInput[] }, actor: RoundActor): Promise<OpenResult> {
  const { service, submissions, clock } = deps;
  if (!actor.office) return notOffice('開ける');
  const e = service.current();
  if (!e) throw new Error('the programme has not been read yet');
  const errors = checkRoundOpening(service.programme, e.snapshot, input, clock.today());
  if (errors.length > 0) return { ok: false, code: 'INVALID', errors };
  const openedAt = clock.now().toISOString();
  const id = roundId(input.project, openedAt);
  const subjects = roundSubjects(e.snapshot, input.project);
  const writes: RecordWrite[] = [];
  const rows: string[] = [];
  for (const ev of input.evaluators) {
    const fact: EvaluationFact = {
      kind: 'evaluation',
      round: id,
      project: input.project,
      perspective: ev.perspective,
      subjects,
      ...(ev.external ? { external: { name: ev.external.name.trim(), ...(ev.external.organisation?.trim() ? { organisation: ev.external.organisation.trim() } : {}) } } : {}),
    };
    const record: SubmissionRecord = { subjectUpn: ev.upn.trim().toLowerCase(), fact, confirmerUpn: actor.upn.toLowerCase(), status: 'pending', submittedAt: openedAt };
    const { id: itemId } = await submissions.create({ ...record, status: 'pending' });
    rows.push(itemId);
    writes.push({ list: 'Submissions', record: { ...record, itemId } });
  }
  const after = service.apply(writes) ?? e;
  const state = roundsOf(after.snapshot.records.submissions).find((r) => r.id === id)!;
  return { ok: true, round: roundView(service, after.snapshot, state, actor), rows };
}

export type AnswerRefusal = 'NOT_FOUND' | 'NOT_EVALUATOR' | 'CLOSED' | 'INVALID' | 'CHANGED';
export type AnswerResult = { ok: true; row: StoredSubmission & { fact: EvaluationFact }; round: RoundView } | { ok: false; code: AnswerRefusal; errors: RoundFinding[]; row?: StoredSubmission & { fact: EvaluationFact } };

/**
 * An evaluator answers (or changes their answer while the round is open): their own row, read again
 * from the list; the office enters an outside evaluator's scores. The scores are checked against the
 * programme's scale, one per person judged, and written with If-Match.
 */
export async function answerRound(deps: RoundDeps, id: string, input: { scores: readonly unknown[]; evaluatorUpn?: string }, actor: RoundActor): Promise<AnswerResult> {
  const { service, submissions, clock } = deps;
  const e = service.current();
  if (!e) throw new Error('the programme has not been read yet');
  const me = actor.upn.toLowerCase();
  const target = (input.evaluatorUpn ?? me).trim().toLowerCase();
  const refuse = (code: AnswerRefusal, ja: string, en: string, row?: StoredSubmission & { fact: EvaluationFact }): AnswerResult => ({ ok: false, code, errors: [{ field: 'scores', code: 'ROUND.SCORE_REQUIRED', message: { ja, en } }], ...(row ? { row } : {}) });
  const round = roundsOf(e.snapshot.records.submissions).find((r) => r.id === id);
  const row = round?.rows.find((r) => r.subjectUpn === target && r.status !== 'withdrawn') ?? round?.rows.find((r) => r.subjectUpn === target);
  // The same answer for a round that does not exist and one the caller has no part in.
  if (!round || !row?.itemId || (target === me ? !!row.fact.external : !(actor.office && row.fact.external))) {
    if (round && row && actor.office) return refuse('NOT_EVALUATOR', '庁内の評価者の点数は本人が入力します（事務局が入力できるのは外部の評価者の分だけです）', 'Staff evaluators enter their own scores; the office enters only those of outside evaluators');
    return refuse('NOT_FOUND', 'この評価ラウンドにあなたの評価はありません', 'You have no part in this evaluation round');
  }
  return answerRow(deps, row.itemId, input.scores, actor, clock.now().toISOString(), refuse);

  async function answerRow(
    d: RoundDeps,
    rowId: string,
    scores: readonly unknown[],
    who: RoundActor,
    now: string,
    no: typeof refuse,
  ): Promise<AnswerResult> {
    const found = await d.submissions.get(rowId);
    const stored = found && found.fact.kind === 'evaluation' ? (found as StoredSubmission & { fact: EvaluationFact }) : undefined;
    if (!stored) return no('NOT_FOUND', 'この評価は見つかりません（削除された可能性があります）', 'This evaluation was not found');
    if (stored.status !== 'pending') return no('CLOSED', 'この評価ラウンドは締め切られました', 'This evaluation round is closed', stored);
    const checked = checkScores(service.programme, e!.snapshot, stored.fact.subjects, scores);
    if (!checked.ok) return { ok: false, code: 'INVALID', errors: checked.errors, row: stored };
    const fact: EvaluationFact = { ...stored.fact, scores: checked.scores, answeredAt: now, answeredByUpn: who.upn.toLowerCase() };
    const written = await submissions.updateFact(stored, fact);
    if (written === 'conflict') {
      const fresh = await d.submissions.get(rowId);
      if (fresh && fresh.status !== 'pending') return no('CLOSED', 'この評価ラウンドは締め切られました', 'This evaluation round is closed', fresh as StoredSubmission & { fact: EvaluationFact });
      return no('CHANGED', 'この評価は同時に変更されました。もう一度送ってください', 'This evaluation changed at the same moment; send it again');
    }
    const after = service.apply([submissionWrite(written)]) ?? e!;
    const state = roundsOf(after.snapshot.records.submissions).find((r) => r.id === id)!;
    return { ok: true, row: written as StoredSubmission & { fact: EvaluationFact }, round: roundView(service, after.snapshot, state, who) };
  }
}

export type CloseResult =
  | { ok: true; round: RoundView; evaluations: number; answered: number; unanswered: number; rows: string[] }
  | { ok: false; code: 'NOT_OFFICE' | 'NOT_FOUND' | 'CLOSED'; errors: RoundFinding[] };

/**
 * Closes a round: each waiting row is read again and decided with If-Match — answered: 確認済み, and
 * its scores become Evaluations rows (one per person judged, with the evaluator, who closed the round
 * and when); not answered: 取下げ. An answer that lands at the same moment makes the If-Match fail and
 * the row is read again, so it is closed with that answer or refused it, never lost half-way. The
 * people judged are evaluated again at once.
 */
export async function closeRound(deps: RoundDeps, id: string, actor: RoundActor): Promise<CloseResult> {
  const { service, submissions, clock } = deps;
  if (!actor.office) return notOffice('締め切る') as CloseResult;
  const e = service.current();
  if (!e) throw new Error('the programme has not been read yet');
  const round = roundsOf(e.snapshot.records.submissions).find((r) => r.id === id);
  if (!round) return { ok: false, code: 'NOT_FOUND', errors: [{ field: 'project', code: 'ROUND.PROJECT_UNKNOWN', message: { ja: 'この評価ラウンドは見つかりません', en: 'No such evaluation round' } }] };
  const now = clock.now().toISOString();
  const by = actor.upn.toLowerCase();
  const writes: RecordWrite[] = [];
  const closedRows: string[] = [];
  let evaluations = 0;
  let yes = 0;
  let no = 0;
  for (const r of round.rows) {
    if (!r.itemId || r.status !== 'pending') continue;
    for (let attempt = 0; attempt < 3; attempt++) {
      const found = await submissions.get(r.itemId);
      if (!found || found.fact.kind !== 'evaluation' || found.status !== 'pending') break;
      const fact = found.fact;
      const done = answered(fact);
      const written = await submissions.decide(found, { status: done ? 'confirmed' : 'withdrawn', decidedAt: now, decidedByUpn: by });
      if (written === 'conflict') continue;
      writes.push(submissionWrite(written));
      closedRows.push(written.id);
      if (!done) {
        no++;
        break;
      }
      yes++;
      for (let i = 0; i < fact.subjects.length; i++) {
        const row: ConfirmedFact = { list: 'Evaluations', fields: { ProjectId: fact.project, Upn: fact.subjects[i]!, Perspective: fact.perspective, Score: fact.scores![i]!, EvaluatorUpn: found.subjectUpn } };
        await submissions.writeFact(row, by, now);
        writes.push(factWrite(row));
        evaluations++;
      }
      break;
    }
  }
  if (closedRows.length === 0) return { ok: false, code: 'CLOSED', errors: [{ field: 'project', code: 'ROUND.ALREADY_OPEN', message: { ja: 'この評価ラウンドはすでに締め切られています', en: 'This evaluation round is already closed' } }] };
  const after = service.apply(writes) ?? e;
  const state = roundsOf(after.snapshot.records.submissions).find((x) => x.id === id)!;
  return { ok: true, round: roundView(service, after.snapshot, state, actor), evaluations, answered: yes, unanswered: no, rows: closedRows };
}

/**
 * The reminders of a round, one a staff evaluator who has not answered (outside evaluators have no
 * chat: the office asks them): the item names the project and the perspective; its key is the row's,
 * so the ledger keeps it to one message a person a day, as every reminder.
 */
export function roundReminders(service: ProgrammeService, id: string): Array<{ upn: string; items: (day: LocalDate) => ReminderItem[] }> {
  const e = service.current();
  if (!e) return [];
  const round = roundsOf(e.snapshot.records.submissions).find((r) => r.id === id);
  if (!round?.open) return [];
  const title = e.snapshot.projects.get(round.project)?.title ?? round.project;
  return round.rows
    .filter((r) => r.status === 'pending' && !answered(r.fact) && !r.fact.external && r.itemId)
    .map((r) => {
      const perspective = service.programme.perspectives.find((p) => p.id === r.fact.perspective)?.label ?? { ja: r.fact.perspective };
      const item: ReminderItem = {
        key: `office|evaluation|${r.itemId!}`,
        reason: 'pending',
        label: { ja: `評価のお願い: ${title}（${perspective.ja}）`, en: `Please evaluate ${title} (${perspective.en ?? perspective.ja})` },
        evidence: {
          ja: `${formatDateTime(round.openedAt, 'ja')} に開いた評価ラウンドに、まだ回答がありません`,
          en: `The evaluation round opened ${formatDateTime(round.openedAt, 'en')} has no answer from you yet`,
        },
      };
      return { upn: r.subjectUpn, items: () => [item] };
    });
}

/** What /api/me says of evaluation rounds: the programme's perspectives (none: no rounds), and the caller's parts in rounds (open and not answered: waiting). */
export function roundsOfMe(service: ProgrammeService, upn: string): { perspectives: Array<{ id: string; label: Label; aspect?: Label }>; mine: number; waiting: number } {
  const me = upn.toLowerCase();
  const rows = (service.current()?.snapshot.records.submissions ?? []).filter((s): s is SubmissionRecord & { fact: EvaluationFact } => s.fact.kind === 'evaluation' && s.subjectUpn === me && !s.fact.external);
  return {
    perspectives: service.programme.perspectives.map((p) => ({ id: p.id, label: p.label, ...(p.aspect ? { aspect: p.aspect } : {}) })),
    mine: rows.length,
    waiting: rows.filter((r) => r.status === 'pending' && !answered(r.fact)).length,
  };
}

/** A round by id, for a viewer (undefined when it does not exist). */
export function roundFor(service: ProgrammeService, id: string, viewer: RoundActor): RoundView | undefined {
  const e = service.current();
  const r = e ? roundsOf(e.snapshot.records.submissions).find((x) => x.id === id) : undefined;
  return e && r ? roundView(service, e.snapshot, r, viewer) : undefined;
}
