/**
 * Every string the bot's cards show, Japanese first with English beside it (the tab keeps its own
 * table in tab/src/i18n.ts; the wording of shared terms follows it: 期限切れ, 認定済み, 認定待ち, 未達).
 * `{name}` placeholders are filled by `t`.
 */
import type { Label, Locale } from '../../domain/label';

export type { Label, Locale };

const STRINGS = {
  // shared
  openTab: { ja: 'タブで詳しく見る', en: 'Open in the tab' },
  openTabShort: { ja: 'タブを開く', en: 'Open the tab' },
  showMyStep: { ja: 'ステップを見る', en: 'My steps' },
  showPending: { ja: '未受講を見る', en: 'Pending training' },
  startNomination: { ja: '推薦する', en: 'Nominate' },
  courseLink: { ja: '研修のページ', en: 'Course page' },
  moreInTab: { ja: 'ほか {n} 件はタブで確認できます', en: '{n} more in the tab' },
  more: { ja: 'ほか {n} 件', en: '{n} more' },
  due: { ja: '期限 {date}', en: 'Due {date}' },
  overdue: { ja: '期限切れ', en: 'Overdue' },
  overdueSince: { ja: '期限切れ（期限 {date}）', en: 'Overdue (due {date})' },
  anyOf: { ja: '次のいずれか：{options}', en: 'Any of: {options}' },
  listSeparator: { ja: '、', en: ', ' },
  optionalStep: { ja: '（任意）', en: ' (optional)' },
  unitLine: { ja: '{department} {section}', en: '{section}, {department}' },
  unitGradeLine: { ja: '{department} {section}・{grade}', en: '{section}, {department} · {grade}' },
  nameGrade: { ja: '{name}・{grade}', en: '{name} · {grade}' },

  // help
  helpTitle: { ja: 'SkillSteps の使い方', en: 'How to use SkillSteps' },
  helpIntro: { ja: 'チャットで次の言葉を送ってください。日本語でも英語でも使えます。', en: 'Send one of these words in the chat, in Japanese or in English.' },
  helpUnknown: { ja: '「{input}」は分かりませんでした。', en: 'Sorry, I did not understand "{input}".' },
  helpMyStep: { ja: '自分の役割・ステップと、足りないもの', en: 'Your roles, your steps and what is still missing' },
  helpPending: { ja: '未受講の研修と期限', en: 'Training still to do, with due dates' },
  helpNominate: { ja: '職員を役割（DX推進リーダーなど）に推薦する（所属長・事務局のみ）', en: 'Nominate a colleague for a role such as DX leader (managers and the programme office)' },
  helpMute: { ja: 'リマインドを止める（1週間・30日・年度末まで）', en: 'Pause reminders (a week, 30 days or until the fiscal year ends)' },
  helpUnmute: { ja: 'リマインドを再開する', en: 'Resume reminders' },
  helpHelp: { ja: 'この説明を表示する', en: 'Show this help' },
  helpOfficeHeading: { ja: '事務局向け', en: 'For the programme office' },
  helpChannelMap: { ja: 'このチャネルに部の週次レポートを送る（チームのチャネルで）', en: "Post a department's weekly report to this channel (in a team channel)" },
  helpChannelMapCommand: { ja: 'このチャネルを ＜部＞ に設定', en: 'このチャネルを ＜部＞ に設定' },
  helpChannelMapExample: { ja: '例：このチャネルを 総務部 に設定', en: 'For example: このチャネルを 総務部 に設定' },
  commandPair: { ja: '{ja} ／ {en}', en: '{en} / {ja}' },

  // my step
  myStepTitle: { ja: '{name} さんのステップ', en: "{name}'s steps" },
  noRoles: { ja: '役割がありません。', en: 'No roles.' },
  stepOf: { ja: 'Step {n} / {total}：{step}', en: 'Step {n} of {total}: {step}' },
  stepNone: { ja: 'Step 0 / {total}：未着手', en: 'Step 0 of {total}: not started' },
  ladderComplete: { ja: 'すべてのステップを達成しました', en: 'All steps reached' },
  noSteps: { ja: 'この役割にステップはありません', en: 'This role has no steps' },
  nextStep: { ja: '次のステップ：{step}', en: 'Next step: {step}' },
  nothingMissing: { ja: '足りないものはありません。', en: 'Nothing missing.' },
  certifications: { ja: '認定', en: 'Certifications' },
  certLine: { ja: '{label}：{status}', en: '{label}: {status}' },
  certHeld: { ja: '認定済み', en: 'Certified' },
  certHeldSince: { ja: '認定済み（{date}）', en: 'Certified ({date})' },
  certQualifies: { ja: '認定待ち', en: 'Qualifies, awaiting decision' },
  certNotYet: { ja: '未達', en: 'Not yet' },
  certNotYetMissing: { ja: '未達（あと {n} 件）', en: 'Not yet ({n} to go)' },

  // pending
  pendingTitle: { ja: '未受講の研修', en: 'Training still to do' },
  pendingCount: { ja: '{n} 件', en: '{n} to do' },
  pendingCountOverdue: { ja: '{n} 件（うち期限切れ {m} 件）', en: '{n} to do, {m} overdue' },
  pendingNone: { ja: '未受講の研修はありません', en: 'No training pending' },

  // reminder
  reminderTitle: { ja: '研修のお知らせ', en: 'Training reminder' },
  reminderGreeting: { ja: '{name} さん、次の研修がまだ済んでいません。', en: 'Hello {name}, the following is still to do.' },
  reasonDueSoon: { ja: '期限まであと {n} 日（{date}）', en: '{n} days left (due {date})' },
  reasonDueSoonOne: { ja: '期限まであと 1 日（{date}）', en: '1 day left (due {date})' },
  reasonDueToday: { ja: '今日が期限です（{date}）', en: 'Due today ({date})' },
  reasonOverdue: { ja: '期限を {n} 日過ぎています（{date}）', en: 'Overdue by {n} days (due {date})' },
  reasonOverdueOne: { ja: '期限を 1 日過ぎています（{date}）', en: 'Overdue by 1 day (due {date})' },
  reasonPending: { ja: '未受講', en: 'Not done yet' },
  muteHeading: { ja: 'リマインドを止める', en: 'Pause reminders' },
  muteWeek: { ja: '1週間', en: '1 week' },
  muteMonth: { ja: '30日', en: '30 days' },
  muteFiscalYearEnd: { ja: '年度末まで', en: 'Until March 31' },
  muteHint: { ja: '「再開」と送ると、いつでも再開できます。', en: 'Send "unmute" to resume at any time.' },

  // digest
  digestTitle: { ja: '{department} 週次レポート', en: 'Weekly report: {department}' },
  digestAsOf: { ja: '{date} 時点・{fiscalYear}', en: 'As of {date} · {fiscalYear}' },
  completionRate: { ja: '受講率', en: 'Completion rate' },
  percent: { ja: '{value}%', en: '{value}%' },
  changeUp: { ja: '先週から ▲{n} ポイント', en: '▲ {n} points since last week' },
  changeDown: { ja: '先週から ▼{n} ポイント', en: '▼ {n} points since last week' },
  changeFlat: { ja: '先週から変わりません', en: 'No change since last week' },
  changeUnknown: { ja: '先週の記録はありません', en: 'No figure for last week' },
  headcount: { ja: '対象 {n} 人', en: '{n} staff' },
  stepDistribution: { ja: 'ステップの分布', en: 'Steps reached' },
  roleHolders: { ja: '{role}（{n} 人）', en: '{role} ({n})' },
  stepCount: { ja: 'Step{n} {count}人', en: 'Step {n}: {count}' },
  noStepCount: { ja: '未達 {count}人', en: 'None yet: {count}' },
  distributionSeparator: { ja: '・', en: ' · ' },
  topPending: { ja: '未受講の多い研修', en: 'Most often still to do' },
  pendingItem: { ja: '{label}：{n} 人', en: '{label}: {n}' },
  pendingItemOverdue: { ja: '{label}：{n} 人（期限切れ {m} 人）', en: '{label}: {n} ({m} overdue)' },
  rolesMore: { ja: 'ほか {n} 役割はタブで確認できます', en: '{n} more roles in the tab' },

  // nomination form
  nominateTitle: { ja: '推薦（{section}）', en: 'Nominate ({section})' },
  nominateIntro: { ja: '推薦すると、承認者に承認の依頼が届きます。', en: 'The approver will get a request to approve.' },
  nominationRefused: { ja: '推薦できません', en: 'Cannot nominate' },
  nominationWarnings: { ja: '確認してください', en: 'Please check' },
  roleInput: { ja: '役割', en: 'Role' },
  roleRequired: { ja: '役割を選んでください', en: 'Choose a role' },
  roleChoiceSeats: { ja: '{role}（{used}/{total} 名）', en: '{role} ({used} of {total})' },
  roleChoiceFull: { ja: '{role}（{used}/{total} 名・定員）', en: '{role} ({used} of {total}, full)' },
  nomineeInput: { ja: '推薦する職員', en: 'Nominee' },
  nomineeRequired: { ja: '推薦する職員を選んでください', en: 'Choose the nominee' },
  nomineePlaceholder: { ja: '氏名で探す', en: 'Search by name' },
  candidatesTruncated: { ja: '候補 {total} 人のうち {shown} 人を表示しています。ほかの人はタブから推薦できます。', en: 'Showing {shown} of {total} candidates. Nominate others from the tab.' },
  noCandidates: { ja: '推薦できる職員がいません。', en: 'There is no one to nominate.' },
  noNominatedRoles: { ja: '推薦で選ぶ役割がありません。', en: 'No role here is filled by nomination.' },
  replacesInput: { ja: '交代する人（任意）', en: 'Replaces (optional)' },
  replacesPlaceholder: { ja: '交代なし', en: 'No replacement' },
  replacesChoice: { ja: '{name}（{role}）', en: '{name} ({role})' },
  seatsFull: { ja: '定員に達している役割があります。交代の場合は交代する人を選んでください。', en: 'A role is full. If the nominee replaces someone, choose whom.' },
  reasonInput: { ja: '推薦の理由', en: 'Reason' },
  reasonPlaceholder: { ja: '推薦する理由を書いてください', en: 'Why this colleague?' },
  submitNomination: { ja: '推薦する', en: 'Nominate' },
  confirmWarnings: { ja: '警告を確認して推薦する', en: 'Nominate despite the warnings' },

  // nomination request
  requestTitle: { ja: '推薦の承認依頼', en: 'Nomination for approval' },
  requestSummary: { ja: '{nominee} さんを{role}に推薦します。', en: '{nominee} is nominated as {role}.' },
  factNominee: { ja: '推薦された職員', en: 'Nominee' },
  factUnit: { ja: '所属', en: 'Section' },
  factRole: { ja: '役割', en: 'Role' },
  factNominatedBy: { ja: '推薦者', en: 'Nominated by' },
  factRequestedAt: { ja: '推薦日時', en: 'Requested' },
  factReplaces: { ja: '交代', en: 'Replaces' },
  factApprover: { ja: '承認者', en: 'Approver' },
  reasonHeading: { ja: '推薦の理由', en: 'Reason' },
  noReason: { ja: '（記入なし）', en: '(none given)' },
  warningsHeading: { ja: '注意', en: 'Please note' },
  commentInput: { ja: 'コメント（任意）', en: 'Comment (optional)' },
  commentPlaceholder: { ja: '承認・却下の理由など', en: 'For example, the reason' },
  approve: { ja: '承認', en: 'Approve' },
  reject: { ja: '却下', en: 'Reject' },
  refresh: { ja: '最新の状態を表示', en: 'Show the latest state' },
  statusPendingOther: { ja: '承認待ち（承認者: {approver}）', en: 'Awaiting approval (approver: {approver})' },
  statusApproved: { ja: '承認されました', en: 'Approved' },
  statusRejected: { ja: '却下されました', en: 'Rejected' },
  statusWithdrawn: { ja: '取り下げられました', en: 'Withdrawn' },
  decidedBy: { ja: '{who} さん・{when}', en: 'By {who}, {when}' },
  decisionComment: { ja: 'コメント', en: 'Comment' },
  noticeNotPending: { ja: 'この推薦はすでに承認待ちではありません。現在の状態を表示しています。', en: 'This nomination is no longer pending. Its current state is shown.' },
  noticeChanged: { ja: 'ほかの人がこの推薦を更新しました。最新の内容を表示しています。', en: 'Someone else changed this nomination. The latest state is shown.' },

  // nominee welcome
  welcomeTitle: { ja: '{role}に選ばれました', en: 'You are now {role}' },
  welcomeText: { ja: '{name} さん、{section}の{role}として、よろしくお願いします。まず次のステップから始めてください。', en: 'Welcome, {name}. As {role} for {section}, start with the step below.' },
  welcomeTextNoSteps: { ja: '{name} さん、{section}の{role}として、よろしくお願いします。', en: 'Welcome, {name}, as {role} for {section}.' },
  welcomeApprovedOn: { ja: '{date} 承認', en: 'Approved on {date}' },
  firstStep: { ja: '最初のステップ：{step}', en: 'First step: {step}' },
  firstStepDone: { ja: '最初のステップはもう達成しています。', en: 'You have already reached the first step.' },

  // channel announcement
  announceTitle: { ja: '{role}が決まりました', en: 'New {role}' },
  announceText: { ja: '{section}の {name} さんが{role}に承認されました。', en: '{name} ({section}) has been approved as {role}.' },
  announceDate: { ja: '{date} 承認', en: 'Approved on {date}' },

  // channel setup
  channelSetupTitle: { ja: 'チャネルの設定', en: 'Channel setup' },
  channelSetupIntro: { ja: 'このチャネルに週次レポートを送る部を選んでください。', en: 'Choose the department whose weekly report is posted to this channel.' },
  channelCurrent: { ja: '現在の設定：{department}', en: 'Currently: {department}' },
  channelNone: { ja: 'このチャネルはまだどの部にも設定されていません。', en: 'This channel is not mapped to a department yet.' },
  departmentInput: { ja: '部', en: 'Department' },
  departmentRequired: { ja: '部を選んでください', en: 'Choose a department' },
  departmentsTruncated: { ja: '{total} 部のうち {shown} 部を表示しています。ほかの部は「このチャネルを ＜部＞ に設定」と送って設定できます。', en: 'Showing {shown} of {total} departments. For another, send "このチャネルを ＜部＞ に設定".' },
  channelMapSubmit: { ja: 'この部に設定', en: 'Map to this department' },

  // notices the handler sends (title / text pairs)
  noticeNotApproverTitle: { ja: '承認者ではありません', en: 'You are not the approver' },
  noticeNotApproverText: { ja: 'この推薦を承認・却下できるのは承認者（{approver} さん）だけです。', en: 'Only the approver ({approver}) can approve or reject this nomination.' },
  noticeAlreadyDecidedTitle: { ja: 'すでに決定済みです', en: 'Already decided' },
  noticeAlreadyDecidedText: { ja: 'この推薦はすでに決定済みです。カードを最新の状態に更新しました。', en: 'This nomination has already been decided. The card now shows the latest state.' },
  noticeNominatedTitle: { ja: '推薦しました', en: 'Nominated' },
  noticeNominatedText: { ja: '承認者（{approver} さん）に承認の依頼を送りました。', en: 'The approver ({approver}) has been asked to approve.' },
  noticeNotManagerTitle: { ja: '推薦できません', en: 'Cannot nominate' },
  noticeNotManagerText: { ja: '推薦できるのは所属長（係長・課長・部長）と事務局です。', en: 'Only section managers and the programme office can nominate.' },
  noticeNotOfficeTitle: { ja: '事務局のみの操作です', en: 'Programme office only' },
  noticeNotOfficeText: { ja: 'チャネルの設定は事務局だけが行えます。', en: 'Only the programme office can map channels.' },
  noticeMutedTitle: { ja: 'リマインドを止めました', en: 'Reminders paused' },
  noticeMutedText: { ja: '{date} までリマインドを送りません。「再開」と送ると再開します。', en: 'No reminders until {date}. Send "unmute" to resume.' },
  noticeUnmutedTitle: { ja: 'リマインドを再開しました', en: 'Reminders resumed' },
  noticeUnmutedText: { ja: '未受講の研修があるときにお知らせします。', en: 'You will be reminded of pending training again.' },
  noticeChannelMappedTitle: { ja: 'チャネルを設定しました', en: 'Channel mapped' },
  noticeChannelMappedText: { ja: 'このチャネルに {department} の週次レポートを送ります。', en: 'The weekly report of {department} will be posted to this channel.' },
  noticeNotStaffTitle: { ja: '職員リストに見つかりません', en: 'Not in the staff list' },
  noticeNotStaffText: { ja: '{upn} は職員リストにありません。事務局に職員リストの登録を確認してください。', en: '{upn} is not in the Staff list. Ask the programme office to check it.' },
  noticeNotSyncedTitle: { ja: 'データを読み込んでいます', en: 'Loading the data' },
  noticeNotSyncedText: { ja: 'SharePoint のリストを読み込み中です。1 分ほどしてからもう一度お試しください。', en: 'The SharePoint lists are being read. Please try again in a minute.' },
  noticeUnknownUserTitle: { ja: 'どなたか確認できません', en: 'Could not tell who you are' },
  noticeUnknownUserText: { ja: 'Teams からユーザー情報を取得できませんでした。しばらくしてからもう一度お試しください。', en: 'Teams did not say who you are. Please try again in a moment.' },
  noticeApproverUnreachableText: {
    ja: '推薦を登録しました（承認者: {approver} さん）。承認者がまだ SkillSteps を追加していないため、チャットで依頼を送れませんでした。承認者にアプリの追加を依頼するか、タブの「推薦」で確認してもらってください。',
    en: 'The nomination is recorded (approver: {approver}). The approver has not added SkillSteps yet, so no request could be sent in chat: ask them to add the app, or to check the 推薦 view of the tab.',
  },
  noticeNominationNotFoundText: { ja: 'この推薦は見つかりません（削除された可能性があります）。', en: 'This nomination was not found (it may have been deleted).' },
  noticeChannelOnlyTitle: { ja: 'チャネルで実行してください', en: 'Use this in a channel' },
  noticeChannelOnlyText: { ja: '部の設定は、チームのチャネルで SkillSteps をメンションして送ってください。', en: 'Map a department from a team channel, mentioning SkillSteps.' },
  noticeUnknownDepartmentTitle: { ja: '部が見つかりません', en: 'Department not found' },
  noticeUnknownDepartmentText: { ja: '「{department}」という部は職員リストにありません。一覧から選んでください。', en: '"{department}" is not a department in the Staff list. Choose one from the list.' },
  noticeChooseNomineeText: { ja: '推薦する人を選んでください', en: 'Choose whom to nominate' },
  noticeChooseRoleText: { ja: '役割を選んでください', en: 'Choose a role' },
  noticeErrorTitle: { ja: 'エラーが発生しました', en: 'Something went wrong' },
  noticeErrorText: { ja: 'しばらくしてから、もう一度お試しください。', en: 'Please try again in a moment.' },
} as const satisfies Record<string, { ja: string; en: string }>;

export type StringKey = keyof typeof STRINGS;
export type Vars = Readonly<Record<string, string | number>>;

/** A string of the table in a locale, with its {placeholders} filled. */
export function t(locale: Locale, key: StringKey, vars?: Vars): string {
  return fill(STRINGS[key][locale], vars);
}

/**
 * A string of the table in both languages (for a Label the handler passes on, e.g. to a notice).
 * Values that differ by language (a date) are given per locale: `label('noticeMutedText', (l) =>
 * ({ date: formatDate(until, l) }))`.
 */
export function label(key: StringKey, vars?: Vars | ((locale: Locale) => Vars)): Label & { en: string } {
  const of = (locale: Locale): Vars | undefined => (typeof vars === 'function' ? vars(locale) : vars);
  return { ja: fill(STRINGS[key].ja, of('ja')), en: fill(STRINGS[key].en, of('en')) };
}

/** Every string of the table in a locale, placeholders left as they are (what the templates read as `t`). */
export function stringsFor(locale: Locale): Readonly<Record<StringKey, string>> {
  return locale === 'en' ? EN : JA;
}

/** A label from the programme or the lists in a locale, falling back to Japanese. */
export function pick(value: Label | undefined, locale: Locale): string {
  if (!value) return '';
  return locale === 'en' && value.en ? value.en : value.ja;
}

/**
 * The chat commands, each in both languages: the help card shows both words whatever the locale,
 * and the bot's command parser should accept exactly these.
 */
export const COMMAND_WORDS = {
  myStep: { ja: 'ステップ', en: 'my step' },
  pending: { ja: '未受講', en: 'pending' },
  nominate: { ja: '推薦', en: 'nominate' },
  mute: { ja: 'リマインド停止', en: 'mute' },
  unmute: { ja: '再開', en: 'unmute' },
  help: { ja: 'ヘルプ', en: 'help' },
} as const satisfies Record<string, { ja: string; en: string }>;

export type Command = keyof typeof COMMAND_WORDS;

function fill(s: string, vars: Vars | undefined): string {
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

const JA = Object.freeze(Object.fromEntries(Object.entries(STRINGS).map(([k, v]) => [k, v.ja]))) as Readonly<Record<StringKey, string>>;
const EN = Object.freeze(Object.fromEntries(Object.entries(STRINGS).map(([k, v]) => [k, v.en]))) as Readonly<Record<StringKey, string>>;
