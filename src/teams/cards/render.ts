/**
 * Expanding a card template with its data (adaptivecards-templating), the size budget, and the
 * botbuilder attachment. Pure: no I/O; the templates are JSON modules compiled in.
 */
import type { Attachment } from 'botbuilder';
import type { Locale } from '../../domain/label';
import { stringsFor, type CardStringKey } from '../../i18n/cards';

/** The templating engine (with adaptive-expressions and its ANTLR parser, about 6 MB of heap), loaded with the first card rather than at start. */
function templating(): typeof import('adaptivecards-templating') {
  return require('adaptivecards-templating') as typeof import('adaptivecards-templating');
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const CARD_VERSION = '1.5';

/** Teams refuses a message over 28 KB. */
export const TEAMS_CARD_LIMIT_BYTES = 28 * 1024;
/** What a card may use: the activity around it (ids, conversation, channel data) takes the rest. */
export const CARD_BUDGET_BYTES = 26 * 1024;

/** An expanded Adaptive Card, ready to send. */
export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  $schema: string;
  version: typeof CARD_VERSION;
  body: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

/**
 * What every template reads besides its own fields: the locale's strings as `t`. (No card-level
 * `lang`: the cards format their own dates, and the adaptivecards parser's check of `lang` uses a
 * global RegExp whose state makes every second card invalid.)
 */
export interface TemplateBase {
  t: Readonly<Record<CardStringKey, string>>;
  fallbackText: string;
}

/** The common part of a template's data. */
export function base(locale: Locale, fallbackText: string): TemplateBase {
  return { t: stringsFor(locale), fallbackText };
}

// The engine warns about every `$when` that is false ("Unable to parse … set to false by default");
// that is the intended effect. Any other warning is a defect of the template.
const WHEN_FALSE = /^WARN: Unable to parse the Adaptive Expression .* The \$when condition has been set to false by default\.$/;

/**
 * Expands a template with its data. Values that are "" or [] are dropped from the result (an input
 * without a previous value, a card without buttons), so the card carries only what it shows.
 * Throws on a template the engine reports as broken.
 */
export function expand<T extends TemplateBase>(template: object, data: T): AdaptiveCardJson {
  const engine = new (templating().Template)(template);
  const card: unknown = engine.expand({ $root: data });
  const warnings = engine.getLastTemplateExpansionWarnings().filter((w) => !WHEN_FALSE.test(w));
  if (warnings.length > 0) throw new Error(`card template: ${warnings.join('; ')}`);
  const pruned = prune(card);
  if (!isCard(pruned)) throw new Error('card template did not expand to an AdaptiveCard');
  return pruned;
}

/** The card's size as Teams counts it: UTF-8 bytes of its JSON (a Japanese character is 3). */
export function cardBytes(card: AdaptiveCardJson): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/**
 * Builds a card with a list limit as high as fits the byte budget: `build(limit)` shows at most
 * `limit` entries of its long list (and says how many it left out). Starts at `max` and lowers the
 * limit in proportion to the overshoot until the card fits or the limit is 0.
 */
export function fitToBudget(build: (limit: number) => AdaptiveCardJson, max: number, budget = CARD_BUDGET_BYTES): AdaptiveCardJson {
  let limit = max;
  let card = build(limit);
  let size = cardBytes(card);
  while (size > budget && limit > 0) {
    limit = Math.max(0, Math.min(limit - 1, Math.floor((limit * budget) / size)));
    card = build(limit);
    size = cardBytes(card);
  }
  return card;
}

/** The card as a botbuilder attachment. */
export function toAttachment(card: AdaptiveCardJson): Attachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune).filter((v) => v !== undefined && v !== null);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const p = prune(v);
    if (p === '' || p === null || p === undefined || (Array.isArray(p) && p.length === 0)) continue;
    out[key] = p;
  }
  return out;
}

function isCard(value: unknown): value is AdaptiveCardJson {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.type === 'AdaptiveCard' && v.version === CARD_VERSION && Array.isArray(v.body);
}
