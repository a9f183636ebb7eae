/**
 * What a person typed to the bot, as a command. Forgiving the way people type in Teams: full-width
 * and half-width letters, digits and spaces are the same (NFKC), case does not matter, the bot's
 * @mention in a channel is dropped, and trailing punctuation (「。」「！」「?」) is ignored.
 */
export type Command =
  | { kind: 'myStep' }
  | { kind: 'pending' }
  | { kind: 'nominate' }
  | { kind: 'report' }
  | { kind: 'help' }
  | { kind: 'mute'; days?: number }
  | { kind: 'unmute' }
  | { kind: 'mapChannel'; department: string }
  | { kind: 'unknown'; text: string };

/**
 * The chat's words for each command, in both languages: the help card shows them (both words
 * whatever the locale) and parseCommand accepts them (commands.test.ts checks every one).
 * Vocabulary of the chat, not labels: they are what people type, so they are not translated.
 */
export const COMMAND_WORDS = {
  myStep: { ja: 'ステップ', en: 'my step' },
  pending: { ja: '未受講', en: 'pending' },
  nominate: { ja: '推薦', en: 'nominate' },
  report: { ja: '報告', en: 'report' },
  mute: { ja: 'リマインド停止', en: 'mute' },
  unmute: { ja: '再開', en: 'unmute' },
  help: { ja: 'ヘルプ', en: 'help' },
} as const satisfies Readonly<Record<string, { ja: string; en: string }>>;

/** A command the help card lists with its words. */
export type CommandWord = keyof typeof COMMAND_WORDS;

const both = (c: Exclude<CommandWord, 'mute'>): string[] => [COMMAND_WORDS[c].ja, COMMAND_WORDS[c].en];

// Besides the help card's words, what people also type (kana, synonyms); mute has a period, below.
const WORDS: Array<[Command['kind'], string[]]> = [
  ['myStep', [...both('myStep'), 'すてっぷ', 'マイステップ', 'mystep', 'my steps', 'step', 'steps', '進捗']],
  ['pending', [...both('pending'), 'みじゅこう', '未完了', 'todo', 'to do']],
  ['nominate', [...both('nominate'), 'すいせん', 'nomination']],
  ['report', [...both('report'), 'ほうこく', '申請', '資格の報告', 'report a qualification']],
  ['help', [...both('help'), '?', 'へるぷ', '使い方', 'つかいかた', 'メニュー', 'menu']],
  ['unmute', [...both('unmute'), 'リマインド再開', 'リマインドを再開', 'リマインダー再開', 'resume reminders', 'resume']],
];

/** Normalises text the way people type it: NFKC, one space between words, lower case, no mention. */
export function normalise(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, ' ')
    .trim()
    .replace(/[。．.！!？]+$/u, '')
    .trim()
    .toLowerCase();
}

/** Reads a command from a message's text. */
export function parseCommand(text: string): Command {
  const t = normalise(text);
  for (const [kind, words] of WORDS) if (words.includes(t)) return { kind } as Command;

  // リマインド停止 [7日] / リマインドを止める / mute [7 days]
  const mute = /^(?:リマインド(?:ー)?(?:を)?(?:停止|止める|とめる|オフ)|ミュート|mute(?: reminders)?)(?: ?(\d{1,3}) ?(?:日間?|days?|d)?)?$/u.exec(t);
  if (mute) return mute[1] ? { kind: 'mute', days: Number(mute[1]) } : { kind: 'mute' };

  // このチャネルを 総務部 に設定 / このチャンネルを総務部に設定 / set channel 総務部 / map channel to 総務部
  const ja = /^この ?チャ(?:ネ|ン)ネ?ル ?を ?(.+?) ?(?:に|へ) ?(?:設定|紐付け|紐づけ|ひもづけ)(?:する)?$/u.exec(t);
  if (ja?.[1]) return { kind: 'mapChannel', department: ja[1] };
  const en = /^(?:set|map|link) (?:this )?channel (?:to |for )?(.+)$/u.exec(t);
  if (en?.[1]) return { kind: 'mapChannel', department: en[1] };

  return { kind: 'unknown', text: text.trim() };
}
