/**
 * Evaluation rounds (真岡市, issue 12): after a project's 報告会 the office opens a round, and the
 * evaluators of each perspective the programme defines (幹部職員: 政策的観点, メンバー: リーダーシップ,
 * 専門家: 技術的観点) score the project's leaders on the programme's scale; closing the round makes the
 * answered scores Evaluations rows, which the certification engine reads (DXエキスパート・スペシャリスト:
 * 「メンバーから一定以上の評価を得る」). Pure: the checks, the round's state from its rows, its id.
 *
 * 真岡市: 「政策的観点(幹部職員)、リーダーシップ(同一所属職員、プロジェクトメンバー)、技術的観点(委託業者等
 * 専門家)などの多角的な観点から評価する」— an evaluator outside the tenant (委託業者) is entered by the office.
 */
import { readUpn } from './cell-values';
import type { Label } from './label';
import type { LocalDate } from './local-date';
import type { Programme } from './programme';
import type { EvaluationFact, ProjectRecord, SubmissionRecord } from './records';
import type { Snapshot } from './snapshot';

/** The people one card can score (an Input per person; a project has one or two leaders). */
export const ROUND_MAX_SUBJECTS = 5;
/** Evaluators one round takes. */
export const ROUND_MAX_EVALUATORS = 30;
/** An outside evaluator's name and organisation, as the office types them. */
export const EXTERNAL_TEXT_MAX = 100;

/** An evaluator as the office names them: staff by UPN, or someone outside the tenant with a name. */
export interface EvaluatorInput {
  upn: string;
  perspective: string;
  /** 委託業者等: not in the Staff list; the office enters their scores. */
  external?: { name: string; organisation?: string };
}

export type RoundField = 'project' | 'evaluators' | 'scores' | `evaluators.${number}` | `scores.${number}`;

/** Why a round cannot be opened or an answer taken, naming the field. */
export interface RoundFinding {
  field: RoundField;
  code:
    | 'ROUND.PROJECT_UNKNOWN'
    | 'ROUND.PROJECT_NOT_STARTED'
    | 'ROUND.NO_SUBJECTS'
    | 'ROUND.TOO_MANY_SUBJECTS'
    | 'ROUND.ALREADY_OPEN'
    | 'ROUND.NO_EVALUATORS'
    | 'ROUND.TOO_MANY_EVALUATORS'
    | 'ROUND.PERSPECTIVE_UNKNOWN'
    | 'ROUND.EVALUATOR_UNKNOWN'
    | 'ROUND.EXTERNAL_INVALID'
    | 'ROUND.OWN_PROJECT'
    | 'ROUND.EVALUATOR_DUPLICATE'
    | 'ROUND.SCORE_REQUIRED'
    | 'ROUND.SCORE_OUT_OF_RANGE';
  message: Label;
}

/** The people a round judges: the project's leaders (the seed's criteria judge the leader), by name. */
export function roundSubjects(snapshot: Snapshot, projectId: string): string[] {
  const leaders = snapshot.records.projectMembers.filter((m) => m.projectId === projectId && m.projectRole === 'leader').map((m) => m.upn);
  return [...new Set(leaders)].sort((a, b) => (snapshot.staffByUpn.get(a)?.name ?? a).localeCompare(snapshot.staffByUpn.get(b)?.name ?? b, 'ja'));
}

/** A round's id: the project and the instant it opened (20261124T030000Z), readable in the list and in a URL. */
export function roundId(projectId: string, openedAt: string): string {
  return `${projectId}.${openedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}

/**
 * Checks the opening of a round: the project exists, has started and has leaders to judge (at most
 * ROUND_MAX_SUBJECTS), no round of it is open, and each evaluator is active staff (or someone outside
 * the tenant with a name and a mail address), judges from one of the programme's perspectives, once,
 * and is not among the people judged — nobody scores their own project.
 */
export function checkRoundOpening(programme: Programme, snapshot: Snapshot, input: { project: string; evaluators: readonly EvaluatorInput[] }, today: LocalDate): RoundFinding[] {
  const errors: RoundFinding[] = [];
  const add = (field: RoundField, code: RoundFinding['code'], ja: string, en: string): void => void errors.push({ field, code, message: { ja, en } });
  const project = snapshot.projects.get(input.project);
  let subjects: string[] = [];
  if (!project) add('project', 'ROUND.PROJECT_UNKNOWN', `「案件」: DX案件リストにない案件です: "${clip(input.project)}"`, `Project: not in the Projects list: "${clip(input.project)}"`);
  else {
    if (project.start && project.start > today) add('project', 'ROUND.PROJECT_NOT_STARTED', `「案件」: まだ始まっていない案件です（開始 ${project.start}）。報告会のあとに開いてください`, `Project: it has not started yet (starts ${project.start}); open the round after its report meeting`);
    subjects = roundSubjects(snapshot, project.projectId);
    if (subjects.length === 0) add('project', 'ROUND.NO_SUBJECTS', '「案件」: 案件メンバーにリーダーがいないため、評価する人がいません', 'Project: it has no leader in the project members to evaluate');
    if (subjects.length > ROUND_MAX_SUBJECTS) add('project', 'ROUND.TOO_MANY_SUBJECTS', `「案件」: リーダーが ${subjects.length} 人います（${ROUND_MAX_SUBJECTS} 人まで）`, `Project: ${subjects.length} leaders (at most ${ROUND_MAX_SUBJECTS})`);
    const open = snapshot.records.submissions.find((s) => s.fact.kind === 'evaluation' && s.fact.project === project.projectId && s.status === 'pending');
    if (open && open.fact.kind === 'evaluation') add('project', 'ROUND.ALREADY_OPEN', `「案件」: この案件の評価ラウンドはすでに開いています（${open.fact.round}）`, `Project: a round of it is already open (${open.fact.round})`);
  }
  if (input.evaluators.length === 0) add('evaluators', 'ROUND.NO_EVALUATORS', '「評価者」を 1 人以上入れてください', 'Add at least one evaluator');
  if (input.evaluators.length > ROUND_MAX_EVALUATORS) add('evaluators', 'ROUND.TOO_MANY_EVALUATORS', `「評価者」は ${ROUND_MAX_EVALUATORS} 人までです`, `At most ${ROUND_MAX_EVALUATORS} evaluators`);
  const seen = new Set<string>();
  input.evaluators.forEach((ev, i) => {
    const field = `evaluators.${i}` as const;
    const n = `評価者 ${i + 1}`;
    if (!programme.perspectives.some((p) => p.id === ev.perspective)) add(field, 'ROUND.PERSPECTIVE_UNKNOWN', `「${n}」: プログラムにない評価の観点です: "${clip(ev.perspective)}"`, `Evaluator ${i + 1}: not a perspective of the programme: "${clip(ev.perspective)}"`);
    const upn = readUpn(ev.upn);
    if (!upn.ok) {
      add(field, 'ROUND.EVALUATOR_UNKNOWN', `「${n}」: UPN（メールアドレス）として読めません: "${clip(ev.upn)}"`, `Evaluator ${i + 1}: not a UPN (mail address): "${clip(ev.upn)}"`);
      return;
    }
    const who = upn.value;
    if (ev.external) {
      if (!ev.external.name.trim()) add(field, 'ROUND.EXTERNAL_INVALID', `「${n}」: 外部の評価者の氏名を入れてください`, `Evaluator ${i + 1}: enter the outside evaluator's name`);
      if (ev.external.name.length > EXTERNAL_TEXT_MAX || (ev.external.organisation?.length ?? 0) > EXTERNAL_TEXT_MAX) {
        add(field, 'ROUND.EXTERNAL_INVALID', `「${n}」: 氏名と所属は ${EXTERNAL_TEXT_MAX} 文字までです`, `Evaluator ${i + 1}: name and organisation take at most ${EXTERNAL_TEXT_MAX} characters`);
      }
      if (snapshot.staffByUpn.has(who)) add(field, 'ROUND.EXTERNAL_INVALID', `「${n}」: ${who} は職員リストにいます。職員として入れてください`, `Evaluator ${i + 1}: ${who} is on the Staff list; add them as staff`);
    } else if (!snapshot.staffByUpn.get(who)?.active) {
      add(field, 'ROUND.EVALUATOR_UNKNOWN', `「${n}」: 職員リストに在職者として見つかりません: ${who}（庁外の方は「外部の評価者」として入れてください）`, `Evaluator ${i + 1}: not active staff: ${who} (add someone outside as an outside evaluator)`);
    }
    if (subjects.includes(who)) {
      add(field, 'ROUND.OWN_PROJECT', `「${n}」: ${nameOf(snapshot, who)} さんはこの案件のリーダー（評価される人）なので、評価者にはなれません`, `Evaluator ${i + 1}: ${nameOf(snapshot, who)} leads this project (is evaluated) and cannot evaluate it`);
    }
    if (seen.has(who)) add(field, 'ROUND.EVALUATOR_DUPLICATE', `「${n}」: ${who} が 2 回入っています`, `Evaluator ${i + 1}: ${who} is listed twice`);
    seen.add(who);
  });
  return errors;
}

/**
 * Checks an evaluator's scores: one for each person judged, each a number on the programme's scale
 * (真岡市: 5段階; half points allowed, as the Evaluations list holds them), each refusal naming the person.
 */
export function checkScores(programme: Programme, snapshot: Snapshot, subjects: readonly string[], scores: readonly unknown[]): { ok: true; scores: number[] } | { ok: false; errors: RoundFinding[] } {
  const { min, max } = programme.scales.evaluation;
  const errors: RoundFinding[] = [];
  const out: number[] = [];
  subjects.forEach((upn, i) => {
    const raw = scores[i];
    const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.normalize('NFKC').trim() : '';
    const name = nameOf(snapshot, upn);
    if (text === '') {
      errors.push({ field: `scores.${i}`, code: 'ROUND.SCORE_REQUIRED', message: { ja: `「${name} さんの評点」を選んでください`, en: `Choose a score for ${name}` } });
      return;
    }
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max || Math.round(n * 2) !== n * 2) {
      errors.push({ field: `scores.${i}`, code: 'ROUND.SCORE_OUT_OF_RANGE', message: { ja: `「${name} さんの評点」は ${min}〜${max} で入れてください: "${clip(text)}"`, en: `The score for ${name} must be from ${min} to ${max}: "${clip(text)}"` } });
      return;
    }
    out.push(n);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, scores: out };
}

/** A round as its rows say: open while any evaluator's row waits, closed once none does. */
export interface RoundState {
  id: string;
  project: string;
  subjects: string[];
  rows: Array<SubmissionRecord & { fact: EvaluationFact }>;
  open: boolean;
  openedAt: string;
  openedByUpn?: string;
  closedAt?: string;
  closedByUpn?: string;
}

/** Every round in the Submissions rows, newest first. */
export function roundsOf(submissions: readonly SubmissionRecord[]): RoundState[] {
  const byRound = new Map<string, Array<SubmissionRecord & { fact: EvaluationFact }>>();
  for (const s of submissions) {
    if (s.fact.kind !== 'evaluation') continue;
    const rows = byRound.get(s.fact.round) ?? [];
    rows.push(s as SubmissionRecord & { fact: EvaluationFact });
    byRound.set(s.fact.round, rows);
  }
  const out: RoundState[] = [];
  for (const [id, rows] of byRound) {
    const first = rows.reduce((a, b) => (a.submittedAt <= b.submittedAt ? a : b));
    const open = rows.some((r) => r.status === 'pending');
    const closing = rows.filter((r) => r.decidedAt).sort((a, b) => (a.decidedAt! < b.decidedAt! ? 1 : -1))[0];
    out.push({
      id,
      project: first.fact.project,
      subjects: first.fact.subjects,
      rows,
      open,
      openedAt: first.submittedAt,
      ...(first.confirmerUpn ? { openedByUpn: first.confirmerUpn } : {}),
      ...(!open && closing?.decidedAt ? { closedAt: closing.decidedAt, ...(closing.decidedByUpn ? { closedByUpn: closing.decidedByUpn } : {}) } : {}),
    });
  }
  return out.sort((a, b) => (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : 0));
}

/** Whether an evaluator's row holds their answer. */
export function answered(fact: EvaluationFact): boolean {
  return !!fact.scores && fact.scores.length === fact.subjects.length;
}

/** A project's title and year, for the cards and the tab. */
export function projectTitle(project: ProjectRecord | undefined, id: string): string {
  return project ? project.title : id;
}

function nameOf(snapshot: Snapshot, upn: string): string {
  return snapshot.staffByUpn.get(upn)?.name ?? upn;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
