/**
 * The contract between the cards and the bot's handler: the verbs of every Action.Execute, the data
 * each one carries and the ids of the inputs it collects. Teams sends an Action.Execute as an
 * `adaptiveCard/action` invoke whose `value.action.data` is the button's data merged with the card's
 * input values (as strings), so the handler reads both from one object.
 *
 * Card data carries ids only (STYLE.md): the handler reloads the state and re-checks who pressed.
 */

/** Every verb a card sends. The handler registers one handler per verb. */
export const VERBS = {
  myStepShow: 'mystep.show',
  pendingShow: 'pending.show',
  helpShow: 'help.show',
  remindersMute: 'reminders.mute',
  remindersUnmute: 'reminders.unmute',
  nominationStart: 'nomination.start',
  nominationSubmit: 'nomination.submit',
  nominationApprove: 'nomination.approve',
  nominationReject: 'nomination.reject',
  nominationRefresh: 'nomination.refresh',
  channelMap: 'channel.map',
  reportStart: 'report.start',
  reportSubmit: 'report.submit',
  reportConfirm: 'report.confirm',
  reportReturn: 'report.return',
  reportRefresh: 'report.refresh',
  evaluationSubmit: 'evaluation.submit',
  evaluationRefresh: 'evaluation.refresh',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

export const ALL_VERBS: readonly Verb[] = Object.values(VERBS);

/** The ids of the inputs the cards carry. */
export const INPUT_IDS = {
  nominee: 'nominee',
  role: 'role',
  reason: 'reason',
  replaces: 'replaces',
  comment: 'comment',
  department: 'department',
  reportItem: 'reportItem',
  reportDate: 'reportDate',
  reportCertificate: 'reportCertificate',
  reportHours: 'reportHours',
  reportTitle: 'reportTitle',
  reportLevel: 'reportLevel',
  reportNote: 'reportNote',
  // One score per person an evaluation round judges, in the round's order (ROUND_MAX_SUBJECTS).
  score1: 'score1',
  score2: 'score2',
  score3: 'score3',
  score4: 'score4',
  score5: 'score5',
} as const;

export type InputId = (typeof INPUT_IDS)[keyof typeof INPUT_IDS];

/** How long to mute reminders: a number of days, or until the end of the fiscal year (3/31). */
export type MuteDays = number | 'fiscalYearEnd';

/** The mute periods the reminder card offers. */
export const MUTE_CHOICES: readonly MuteDays[] = [7, 30, 'fiscalYearEnd'];

/** No fields. */
type NoData = Record<never, never>;

/** The `data` each verb's button carries (what the card puts there, before Teams merges the inputs). */
export interface ActionData {
  'mystep.show': NoData;
  'pending.show': NoData;
  'help.show': NoData;
  'reminders.mute': { days: MuteDays };
  'reminders.unmute': NoData;
  /** The section to nominate for (the office or a manager of several sections); absent: the caller's own. */
  'nomination.start': { section?: string };
  /** `confirmWarnings`: the nominator saw the warnings and goes ahead (the second button). */
  'nomination.submit': { section: string; confirmWarnings: boolean };
  'nomination.approve': { nominationId: string };
  'nomination.reject': { nominationId: string };
  'nomination.refresh': { nominationId: string };
  'channel.map': NoData;
  /** The kind to report (the form for it); absent: the choice of kinds. */
  'report.start': { kind?: string };
  'report.submit': { kind: string };
  'report.confirm': { reportId: string };
  'report.return': { reportId: string };
  'report.refresh': { reportId: string };
  /** The round and the evaluator's row in it (the server re-reads both and checks who pressed). */
  'evaluation.submit': { roundId: string; rowId: string };
  'evaluation.refresh': { roundId: string; rowId: string };
}

/** The inputs each verb collects, as Teams sends them: strings; an input left empty may be absent or "". */
export interface ActionInputs {
  'mystep.show': NoData;
  'pending.show': NoData;
  'help.show': NoData;
  'reminders.mute': NoData;
  'reminders.unmute': NoData;
  'nomination.start': NoData;
  /** nominee: the nominee's UPN; role: a role id; replaces: the UPN of the holder replaced, or "". */
  'nomination.submit': { nominee: string; role: string; reason: string; replaces: string };
  'nomination.approve': { comment: string };
  'nomination.reject': { comment: string };
  'nomination.refresh': NoData;
  'channel.map': { department: string };
  'report.start': NoData;
  /** reportItem: an id; reportDate: YYYY-MM-DD (Input.Date); the others as typed, "" when the form has no such input. */
  'report.submit': { reportItem: string; reportDate: string; reportCertificate: string; reportHours: string; reportTitle: string; reportLevel: string; reportNote: string };
  'report.confirm': { comment: string };
  'report.return': { comment: string };
  'report.refresh': NoData;
  /** scoreN: the score of the round's N-th person judged, "" where the round judges fewer. */
  'evaluation.submit': { score1: string; score2: string; score3: string; score4: string; score5: string };
  'evaluation.refresh': NoData;
}

/** Which input ids a verb reads. */
export const INPUTS_OF: { readonly [V in Verb]: readonly (keyof ActionInputs[V] & InputId)[] } = {
  'mystep.show': [],
  'pending.show': [],
  'help.show': [],
  'reminders.mute': [],
  'reminders.unmute': [],
  'nomination.start': [],
  'nomination.submit': ['nominee', 'role', 'reason', 'replaces'],
  'nomination.approve': ['comment'],
  'nomination.reject': ['comment'],
  'nomination.refresh': [],
  'channel.map': ['department'],
  'report.start': [],
  'report.submit': ['reportItem', 'reportDate', 'reportCertificate', 'reportHours', 'reportTitle', 'reportLevel', 'reportNote'],
  'report.confirm': ['comment'],
  'report.return': ['comment'],
  'report.refresh': [],
  'evaluation.submit': ['score1', 'score2', 'score3', 'score4', 'score5'],
  'evaluation.refresh': [],
};

/** What the handler gets for a verb: the button's data and the inputs, read and typed. */
export type ActionPayload<V extends Verb> = ActionData[V] & ActionInputs[V];

/** A verb with its payload, as a discriminated union for a `switch` or a handler map. */
export type CardAction = { [V in Verb]: { verb: V; data: ActionPayload<V> } }[Verb];

/** True for the verbs the cards send. */
export function isVerb(value: unknown): value is Verb {
  return typeof value === 'string' && (ALL_VERBS as readonly string[]).includes(value);
}

/**
 * Reads an Action.Execute from the wire (`activity.value.action`: `{ verb, data }`) into a typed
 * action, or explains what is wrong. Inputs left empty become "" so handlers need not tell absent
 * from empty; text is trimmed. Unknown fields are ignored.
 */
export function readCardAction(action: unknown): { ok: true; action: CardAction } | { ok: false; reason: string } {
  if (!isRecord(action)) return { ok: false, reason: 'the action is not an object' };
  const verb = action.verb;
  if (!isVerb(verb)) return { ok: false, reason: `unknown verb: ${String(verb)}` };
  const raw = action.data === undefined ? {} : action.data;
  if (!isRecord(raw)) return { ok: false, reason: `${verb}: data is not an object` };
  const inputs: Record<string, string> = {};
  for (const id of INPUTS_OF[verb]) {
    const v = raw[id];
    if (v !== undefined && v !== null && typeof v !== 'string') return { ok: false, reason: `${verb}: input ${id} is not text` };
    inputs[id] = typeof v === 'string' ? v.trim() : '';
  }
  const str = (key: string): string | undefined => (typeof raw[key] === 'string' && (raw[key] as string).trim() !== '' ? (raw[key] as string).trim() : undefined);
  if (verb === 'reminders.mute') {
    const days = raw.days;
    if (days === 'fiscalYearEnd') return { ok: true, action: { verb, data: { days } } };
    if (typeof days === 'number' && Number.isInteger(days) && days > 0 && days <= 366) return { ok: true, action: { verb, data: { days } } };
    return { ok: false, reason: `${verb}: days must be a whole number of days (1–366) or "fiscalYearEnd"` };
  }
  if (verb === 'nomination.start') {
    const section = str('section');
    return { ok: true, action: { verb, data: section === undefined ? {} : { section } } };
  }
  if (verb === 'nomination.submit') {
    const section = str('section');
    if (section === undefined) return { ok: false, reason: `${verb}: section is missing` };
    if (typeof raw.confirmWarnings !== 'boolean') return { ok: false, reason: `${verb}: confirmWarnings must be true or false` };
    return {
      ok: true,
      action: { verb, data: { section, confirmWarnings: raw.confirmWarnings, nominee: inputs.nominee!, role: inputs.role!, reason: inputs.reason!, replaces: inputs.replaces! } },
    };
  }
  if (verb === 'nomination.approve' || verb === 'nomination.reject' || verb === 'nomination.refresh') {
    const nominationId = str('nominationId');
    if (nominationId === undefined) return { ok: false, reason: `${verb}: nominationId is missing` };
    if (verb === 'nomination.refresh') return { ok: true, action: { verb, data: { nominationId } } };
    return { ok: true, action: { verb, data: { nominationId, comment: inputs.comment! } } };
  }
  if (verb === 'channel.map') return { ok: true, action: { verb, data: { department: inputs.department! } } };
  if (verb === 'report.start') {
    const kind = str('kind');
    return { ok: true, action: { verb, data: kind === undefined ? {} : { kind } } };
  }
  if (verb === 'report.submit') {
    const kind = str('kind');
    if (kind === undefined) return { ok: false, reason: `${verb}: kind is missing` };
    return {
      ok: true,
      action: {
        verb,
        data: {
          kind,
          reportItem: inputs.reportItem!,
          reportDate: inputs.reportDate!,
          reportCertificate: inputs.reportCertificate!,
          reportHours: inputs.reportHours!,
          reportTitle: inputs.reportTitle!,
          reportLevel: inputs.reportLevel!,
          reportNote: inputs.reportNote!,
        },
      },
    };
  }
  if (verb === 'report.confirm' || verb === 'report.return' || verb === 'report.refresh') {
    const reportId = str('reportId');
    if (reportId === undefined) return { ok: false, reason: `${verb}: reportId is missing` };
    if (verb === 'report.refresh') return { ok: true, action: { verb, data: { reportId } } };
    return { ok: true, action: { verb, data: { reportId, comment: inputs.comment! } } };
  }
  if (verb === 'evaluation.submit' || verb === 'evaluation.refresh') {
    const roundId = str('roundId');
    const rowId = str('rowId');
    if (roundId === undefined || rowId === undefined) return { ok: false, reason: `${verb}: roundId or rowId is missing` };
    if (verb === 'evaluation.refresh') return { ok: true, action: { verb, data: { roundId, rowId } } };
    return { ok: true, action: { verb, data: { roundId, rowId, score1: inputs.score1!, score2: inputs.score2!, score3: inputs.score3!, score4: inputs.score4!, score5: inputs.score5! } } };
  }
  return { ok: true, action: { verb, data: {} } as CardAction };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
