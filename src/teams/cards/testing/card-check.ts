/**
 * Checks an expanded card the way the tests need it: the `adaptivecards` parser (parse and validate,
 * against schema 1.5) plus what that parser does not check. Used by src/teams/cards/*.test.ts only.
 *
 * What the parser reports: unknown element and action types, invalid enum values (a colour of
 * "Red"), properties newer than the target version, duplicate ids, empty ChoiceSets, required inputs
 * without a label or an error message, too many actions for the host config, a card version it does
 * not support. What it silently accepts, and is checked here instead: properties it does not know
 * (dropped on parse, found by comparing the card with the parser's own serialisation), a TextBlock
 * without text, unexpanded `${…}` bindings, the card's declared version, Teams' 28 KB limit, the
 * action contract (verbs, data, input ids) and the refresh of the approval card.
 */
import type * as AdaptiveCardsModule from 'adaptivecards';
import { INPUTS_OF, INPUT_IDS, isVerb, readCardAction, type Verb } from '../actions';
import { CARD_SCHEMA, CARD_VERSION, TEAMS_CARD_LIMIT_BYTES, cardBytes, type AdaptiveCardJson } from '../render';

// The package's main entry is ES modules without file extensions, which Node's require cannot load;
// its UMD bundle can, and parsing and validating need no DOM.
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCardsModule;

export interface FoundAction {
  type: string;
  path: string;
  title?: string;
  verb?: string;
  data?: unknown;
  url?: string;
  style?: string;
}

export interface FoundInput {
  type: string;
  id: string;
  path: string;
  value?: unknown;
  isRequired?: boolean;
  style?: string;
  choices?: Array<{ title: string; value: string }>;
}

export interface CardReport {
  /** Everything wrong with the card; empty for a good card. */
  problems: string[];
  bytes: number;
  /** Every action, card-level, in ActionSets, as selectAction and the refresh action. */
  actions: FoundAction[];
  inputs: FoundInput[];
  /** Every text a person sees: TextBlocks, TextRuns, facts, labels, placeholders, choices, action titles. */
  texts: string[];
}

/** The data keys each verb's button may carry: ids only (STYLE.md: card data carries ids). */
const DATA_KEYS: { readonly [V in Verb]: readonly string[] } = {
  'mystep.show': [],
  'pending.show': [],
  'help.show': [],
  'reminders.mute': ['days'],
  'reminders.unmute': [],
  'nomination.start': ['section'],
  'nomination.submit': ['section', 'confirmWarnings'],
  'nomination.approve': ['nominationId'],
  'nomination.reject': ['nominationId'],
  'nomination.refresh': ['nominationId'],
  'channel.map': [],
  'report.start': ['kind'],
  'report.submit': ['kind'],
  'report.confirm': ['reportId'],
  'report.return': ['reportId'],
  'report.refresh': ['reportId'],
  'evaluation.submit': ['roundId', 'rowId'],
  'evaluation.refresh': ['roundId', 'rowId'],
};

/**
 * Inputs a card may leave out although a verb reads them: `replaces` only appears when a seat is
 * full; the report form has only the inputs of its kind (a certificate number for a qualification …).
 */
const OPTIONAL_INPUTS = new Set<string>([INPUT_IDS.replaces, INPUT_IDS.reportCertificate, INPUT_IDS.reportHours, INPUT_IDS.reportTitle, INPUT_IDS.reportLevel, INPUT_IDS.score2, INPUT_IDS.score3, INPUT_IDS.score4, INPUT_IDS.score5]);

/** Properties Teams reads that the schema does not describe. */
const HOST_PROPERTIES = new Set(['msteams']);

/** Inspects a card: parser events, what the parser does not check, the action contract. */
export function inspectCard(card: AdaptiveCardJson): CardReport {
  const problems: string[] = [];
  const actions: FoundAction[] = [];
  const inputs: FoundInput[] = [];
  const texts: string[] = [];
  const json = JSON.stringify(card);
  const bytes = cardBytes(card);

  if (card.type !== 'AdaptiveCard') problems.push(`type is ${String(card.type)}`);
  if (card.version !== CARD_VERSION) problems.push(`version is ${String(card.version)}, not ${CARD_VERSION}`);
  if (card.$schema !== CARD_SCHEMA) problems.push(`$schema is ${String(card.$schema)}`);
  if (bytes > TEAMS_CARD_LIMIT_BYTES) problems.push(`${bytes} bytes: over Teams' limit of ${TEAMS_CARD_LIMIT_BYTES}`);
  const unexpanded = json.match(/\$\{[^}]*\}?/g);
  if (unexpanded) problems.push(`unexpanded bindings: ${[...new Set(unexpanded)].join(', ')}`);
  if (json.includes('"$data"') || json.includes('"$when"')) problems.push('template keywords ($data / $when) left in the card');

  // The parser, with the card's version as the target: properties newer than 1.5 are reported.
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parser: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) problems.push(`validation: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  if (parsed.version.toString() !== CARD_VERSION) problems.push(`parser read version ${parsed.version.toString()}`);
  const roundTrip = parsed.toJSON(context) as Record<string, unknown> | undefined;
  if (roundTrip) dropped(card, roundTrip, '', problems);

  walk(card, '', (node, path) => {
    const type = typeof node.type === 'string' ? node.type : undefined;
    if (type === 'TextBlock' || type === 'TextRun') {
      if (typeof node.text !== 'string' || node.text.trim() === '') problems.push(`${path}: ${type} without text`);
      else texts.push(node.text);
      if (type === 'TextBlock' && node.wrap !== true) problems.push(`${path}: TextBlock does not wrap (cut off on a phone)`);
    }
    if (type === 'FactSet' && Array.isArray(node.facts)) {
      for (const f of node.facts as Array<Record<string, unknown>>) texts.push(String(f.title), String(f.value));
    }
    if (type === 'ColumnSet' && Array.isArray(node.columns) && node.columns.length > 2) problems.push(`${path}: ColumnSet of ${node.columns.length} columns (too wide on a phone)`);
    if (type?.startsWith('Action.')) {
      const action: FoundAction = { type, path, title: str(node.title), verb: str(node.verb), data: node.data, url: str(node.url), style: str(node.style) };
      actions.push(action);
      if (action.title) texts.push(action.title);
      else if (!path.startsWith('refresh')) problems.push(`${path}: ${type} without a title`);
      if (type === 'Action.OpenUrl' && !/^https:\/\/\S+$/.test(action.url ?? '')) problems.push(`${path}: OpenUrl to ${String(action.url)}`);
      if (type === 'Action.Submit') problems.push(`${path}: Action.Submit (the bot handles Action.Execute only)`);
      if (type === 'Action.Execute') checkExecute(action, problems);
    }
    if (type?.startsWith('Input.')) {
      const input: FoundInput = {
        type,
        id: String(node.id),
        path,
        value: node.value,
        isRequired: node.isRequired === true,
        style: str(node.style),
        choices: Array.isArray(node.choices) ? (node.choices as Array<{ title: string; value: string }>) : undefined,
      };
      inputs.push(input);
      if (!(Object.values(INPUT_IDS) as string[]).includes(input.id)) problems.push(`${path}: input id "${input.id}" is not in the contract`);
      if (typeof node.label !== 'string' || node.label === '') problems.push(`${path}: input ${input.id} without a label`);
      for (const key of ['label', 'placeholder', 'errorMessage']) if (typeof node[key] === 'string') texts.push(node[key] as string);
      for (const c of input.choices ?? []) texts.push(c.title);
    }
  });

  // Every input belongs to a button of the card, and every button finds the inputs it reads.
  const verbs = new Set(actions.filter((a) => a.type === 'Action.Execute' && isVerb(a.verb)).map((a) => a.verb as Verb));
  const wanted = new Set([...verbs].flatMap((v) => INPUTS_OF[v] as readonly string[]));
  for (const input of inputs) if (!wanted.has(input.id)) problems.push(`input ${input.id} is read by no button of the card`);
  for (const id of wanted) if (!OPTIONAL_INPUTS.has(id) && !inputs.some((i) => i.id === id)) problems.push(`a button reads input ${id}, which the card lacks`);

  const refresh = card.refresh as Record<string, unknown> | undefined;
  if (refresh !== undefined) {
    const action = refresh.action as Record<string, unknown> | undefined;
    if (action?.type !== 'Action.Execute' || !['nomination.refresh', 'report.refresh', 'evaluation.refresh'].includes(String(action.verb))) problems.push('refresh: not an Action.Execute of a refresh verb (nomination, report, evaluation)');
    const userIds = refresh.userIds;
    if (!Array.isArray(userIds) || userIds.length === 0 || userIds.length > 60 || userIds.some((id) => typeof id !== 'string' || id === '')) {
      problems.push(`refresh: userIds must list 1–60 Teams user ids, got ${JSON.stringify(userIds)}`);
    }
  }
  return { problems, bytes, actions, inputs, texts };
}

/** Inspects a card and fails with every problem found. */
export function expectValidCard(card: AdaptiveCardJson): CardReport {
  const report = inspectCard(card);
  if (report.problems.length > 0) throw new Error(`the card has problems:\n  ${report.problems.join('\n  ')}\n${JSON.stringify(card, null, 1).slice(0, 4000)}`);
  return report;
}

/** All a person sees on the card, one text a line. */
export function textOf(report: CardReport): string {
  return report.texts.join('\n');
}

/** The TextBlocks (and TextRuns) whose text contains a string, for checking how they look. */
export function blocksWith(card: AdaptiveCardJson, needle: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  walk(card, '', (node) => {
    if ((node.type === 'TextBlock' || node.type === 'TextRun') && typeof node.text === 'string' && node.text.includes(needle)) out.push(node);
  });
  return out;
}

/** The containers (with their style) that hold a text. */
export function containersWith(card: AdaptiveCardJson, needle: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  walk(card, '', (node) => {
    if (node.type === 'Container' && JSON.stringify(node.items).includes(needle)) out.push(node);
  });
  return out;
}

/** The Action.Execute buttons of a card with the given verb. */
export function executeActions(report: CardReport, verb: Verb): FoundAction[] {
  return report.actions.filter((a) => a.type === 'Action.Execute' && a.verb === verb);
}

function checkExecute(action: FoundAction, problems: string[]): void {
  if (!isVerb(action.verb)) {
    problems.push(`${action.path}: unknown verb ${String(action.verb)}`);
    return;
  }
  const data = action.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push(`${action.path}: ${action.verb} without a data object`);
    return;
  }
  const extra = Object.keys(data).filter((k) => !DATA_KEYS[action.verb as Verb].includes(k));
  if (extra.length > 0) problems.push(`${action.path}: ${action.verb} carries ${extra.join(', ')} beyond the contract`);
  // What the handler will read: the data merged with the inputs (left empty here).
  const read = readCardAction({ verb: action.verb, data });
  if (!read.ok) problems.push(`${action.path}: ${read.reason}`);
}

/** Properties of the card that the parser's serialisation lost: unknown to it, so Teams may ignore them too. */
function dropped(source: unknown, parsed: unknown, path: string, problems: string[]): void {
  if (Array.isArray(source)) {
    if (!Array.isArray(parsed)) return;
    source.forEach((item, i) => dropped(item, parsed[i], `${path}[${i}]`, problems));
    return;
  }
  if (typeof source !== 'object' || source === null || typeof parsed !== 'object' || parsed === null) return;
  const out = parsed as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) {
    if (path === '' && HOST_PROPERTIES.has(key)) continue;
    if (!(key in out)) {
      // The serialiser leaves out values equal to the property's default (wrap: false, color "Default").
      if (value === false || (typeof value === 'string' && value.toLowerCase() === 'default')) continue;
      problems.push(`${path ? `${path}.` : ''}${key}: not understood by the parser (${JSON.stringify(value).slice(0, 60)})`);
      continue;
    }
    // Action data is free-form: compared as it is, not as schema.
    if (key === 'data') continue;
    dropped(value, out[key], `${path ? `${path}.` : ''}${key}`, problems);
  }
}

function walk(node: unknown, path: string, visit: (node: Record<string, unknown>, path: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${path}[${i}]`, visit));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const obj = node as Record<string, unknown>;
  visit(obj, path);
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'data') continue;
    walk(value, path ? `${path}.${key}` : key, visit);
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
