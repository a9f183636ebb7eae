/**
 * Every string the tab shows, Japanese first with English beside it, and the formats people
 * expect: 2026/12/25 and 令和7年度 in Japanese, ISO dates and FY2025 in English.
 */
import { createContext, useContext, useMemo } from 'react';
import type { Label, Locale } from '../../src/domain/label';

export type { Label, Locale };

const STRINGS = {
  appName: { ja: 'SkillSteps', en: 'SkillSteps' },
  loading: { ja: '読み込んでいます…', en: 'Loading…' },
  openInTeams: { ja: 'Teams の中で開いてください', en: 'Please open this app in Microsoft Teams' },
  openInTeamsDetail: { ja: 'このページは Microsoft Teams のタブとして使います。', en: 'This page runs as a tab in Microsoft Teams.' },
  signIn: { ja: 'サインイン', en: 'Sign in' },
  signInAgain: { ja: 'もう一度サインイン', en: 'Sign in again' },
  signOut: { ja: 'サインアウト', en: 'Sign out' },
  signedOut: { ja: 'サインアウトしました。', en: 'You have signed out.' },
  redirecting: { ja: 'サインインのページに移動しています…', en: 'Going to the sign-in page…' },
  sessionExpired: { ja: 'サインインの有効期限が切れました。もう一度サインインしてください。', en: 'Your sign-in has expired. Please sign in again.' },
  badSignInReply: { ja: 'サインインの応答が正しくありません（state が一致しません）。もう一度サインインしてください。', en: 'The sign-in reply did not match this request (state). Please sign in again.' },
  ssoFailed: { ja: 'Teams のシングルサインオンに失敗しました: {reason}', en: 'Teams single sign-on failed: {reason}' },
  networkError: { ja: 'サーバーに接続できません。ネットワークを確認して、もう一度お試しください。', en: 'Cannot reach the server. Check the network and try again.' },
  retry: { ja: '再読み込み', en: 'Reload' },
  error: { ja: 'エラー', en: 'Error' },
  close: { ja: '閉じる', en: 'Close' },
  cancel: { ja: 'キャンセル', en: 'Cancel' },
  more: { ja: 'さらに表示', en: 'Show more' },
  shownOf: { ja: '{total} 件中 {shown} 件を表示', en: 'Showing {shown} of {total}' },
  none: { ja: 'なし', en: 'None' },
  notSet: { ja: '—', en: '—' },

  // navigation
  navLabel: { ja: '画面', en: 'Views' },
  tabMyStep: { ja: 'マイステップ', en: 'My steps' },
  tabSection: { ja: '所属', en: 'My section' },
  tabProgramme: { ja: 'プログラム', en: 'Programme' },
  tabNominations: { ja: '推薦', en: 'Nominations' },
  tabDataQuality: { ja: 'データ品質', en: 'Data quality' },
  tabOperations: { ja: '運用状況', en: 'Operations' },

  // sync
  lastSynced: { ja: '最終更新 {at}', en: 'Last updated {at}' },
  syncNow: { ja: '今すぐ更新', en: 'Update now' },
  syncing: { ja: 'リストを読み込んでいます', en: 'Reading the lists' },
  syncProgress: { ja: '{list} を読み込み中（{rows} 行、{done}/{total} リスト）', en: 'Reading {list} ({rows} rows, {done}/{total} lists)' },
  syncFailed: { ja: '更新に失敗しました: {message}', en: 'The update failed: {message}' },

  // my step
  nextToDo: { ja: '次にすること', en: 'What to do next' },
  nothingToDo: { ja: 'いま必要なことはありません。', en: 'Nothing is needed right now.' },
  myRoles: { ja: '役割とステップ', en: 'Roles and steps' },
  noRoles: { ja: '役割がありません。', en: 'No roles.' },
  roleSince: { ja: '{date} から', en: 'since {date}' },
  stepLadder: { ja: '{role} のステップ', en: '{role} steps' },
  stepReached: { ja: '達成', en: 'Reached' },
  stepCurrent: { ja: '現在のステップ', en: 'Current step' },
  stepNext: { ja: '次のステップ', en: 'Next step' },
  stepLater: { ja: 'これから', en: 'Later' },
  stepMetWaiting: { ja: '条件は満たしています（前のステップ待ち）', en: 'Met (waiting on an earlier step)' },
  stepOptional: { ja: '任意', en: 'Optional' },
  ladderComplete: { ja: 'すべてのステップを達成しました', en: 'All steps reached' },
  requirements: { ja: '要件', en: 'Requirements' },
  met: { ja: '達成', en: 'Met' },
  unmet: { ja: '未達成', en: 'Not met' },
  due: { ja: '期限 {date}', en: 'Due {date}' },
  overdue: { ja: '期限切れ', en: 'Overdue' },
  courseLink: { ja: '研修のページ', en: 'Course page' },
  anyOfThese: { ja: '次のいずれか', en: 'Any of these' },
  progressOf: { ja: '{current}/{required}', en: '{current}/{required}' },
  certifications: { ja: '認定', en: 'Certifications' },
  certHeld: { ja: '認定済み', en: 'Held' },
  certQualifies: { ja: '認定待ち', en: 'Qualifies — awaiting decision' },
  certNotYet: { ja: '未達', en: 'Not yet' },
  certMissing: { ja: '足りないもの', en: 'Still missing' },
  skillMap: { ja: 'スキルマップ', en: 'Skill map' },
  skill: { ja: 'スキル', en: 'Skill' },
  category: { ja: '分類', en: 'Category' },
  level: { ja: 'レベル', en: 'Level' },
  expected: { ja: '期待レベル', en: 'Expected' },
  assessed: { ja: '評価', en: 'Assessed' },
  assessedSelf: { ja: '自己評価 {date}', en: 'Self, {date}' },
  assessedManager: { ja: '上司評価 {date}', en: 'Manager, {date}' },
  notAssessed: { ja: '未評価', en: 'Not assessed' },
  belowExpected: { ja: '期待に届いていません', en: 'Below expectation' },
  personHeading: { ja: '{name}（{section}・{grade}）', en: '{name} ({section}, {grade})' },

  // section
  section: { ja: '所属', en: 'Section' },
  sectionOption: { ja: '{department} {section}（{people} 人）', en: '{department} {section} ({people} people)' },
  noSections: { ja: '見られる所属がありません。', en: 'No sections to show.' },
  filterMembers: { ja: '氏名・UPN で絞り込み', en: 'Filter by name or UPN' },
  sortBy: { ja: '並べ替え', en: 'Sort by' },
  sortName: { ja: '氏名', en: 'Name' },
  sortPending: { ja: '未完了の多い順', en: 'Most pending' },
  sortOverdue: { ja: '期限切れの多い順', en: 'Most overdue' },
  sortStep: { ja: 'ステップの低い順', en: 'Lowest step' },
  pendingOnly: { ja: '未完了のみ', en: 'Pending only' },
  members: { ja: '職員', en: 'Members' },
  name: { ja: '氏名', en: 'Name' },
  grade: { ja: '職層', en: 'Grade' },
  rolesAndSteps: { ja: '役割・ステップ', en: 'Roles and steps' },
  pending: { ja: '未完了', en: 'Pending' },
  overdueCount: { ja: '期限切れ', en: 'Overdue' },
  nextDue: { ja: '次の期限', en: 'Next due' },
  actions: { ja: '操作', en: 'Actions' },
  noStepYet: { ja: '未着手', en: 'Not started' },
  stepOf: { ja: '{step}（{reached}/{total}）', en: '{step} ({reached}/{total})' },
  noMembers: { ja: '該当する職員がいません。', en: 'No members match.' },
  nominate: { ja: '推薦する', en: 'Nominate' },
  nominateWho: { ja: '{name} さんを推薦する', en: 'Nominate {name}' },
  remind: { ja: 'リマインドを送る', en: 'Send a reminder' },
  remindWho: { ja: '{name} さんにリマインドを送る', en: 'Send {name} a reminder' },
  remindSent: { ja: '{name} さんにリマインドを送りました（{items} 件）', en: 'Sent {name} a reminder (items: {items})' },
  remindFailed: { ja: '{name} さんにリマインドを送れませんでした', en: 'No reminder was sent to {name}' },
  backToList: { ja: '一覧に戻る', en: 'Back to the list' },
  showProgress: { ja: '{name} さんの進捗', en: "{name}'s progress" },

  // programme
  fiscalYear: { ja: '年度', en: 'Fiscal year' },
  kpis: { ja: '指標（KPI）', en: 'KPIs' },
  kpiTarget: { ja: '目標 {value}（{fy}）', en: 'Target {value} ({fy})' },
  kpiTargetApprox: { ja: '目標 約{value}（{fy}）', en: 'Target about {value} ({fy})' },
  kpiTrajectory: { ja: '今年度の目安 {value}', en: "This year's milestone {value}" },
  kpiMet: { ja: '達成', en: 'Met' },
  kpiNotMet: { ja: '未達', en: 'Not met' },
  kpiOnTrack: { ja: '順調', en: 'On track' },
  kpiBehind: { ja: '遅れ', en: 'Behind' },
  kpiNoTarget: { ja: '目標なし', en: 'No target' },
  kpiFraction: { ja: '{numerator}/{denominator}', en: '{numerator}/{denominator}' },
  byDepartment: { ja: '部ごとの実績', en: 'By department' },
  chooseKpi: { ja: '指標', en: 'KPI' },
  department: { ja: '部', en: 'Department' },
  value: { ja: '実績', en: 'Value' },
  stepDistribution: { ja: 'ステップの分布', en: 'Step distribution' },
  role: { ja: '役割', en: 'Role' },
  holders: { ja: '人数', en: 'People' },
  noStep: { ja: 'ステップ未達', en: 'No step yet' },
  stepN: { ja: 'ステップ{n}', en: 'Step {n}' },
  certHeldCount: { ja: '認定済み', en: 'Held' },
  certQualifiesCount: { ja: '認定待ち', en: 'Awaiting decision' },
  downloadCsv: { ja: 'CSV をダウンロード', en: 'Download CSV' },
  showTable: { ja: '表で見る', en: 'Show as a table' },
  unitPeople: { ja: '{n} 人', en: '{n} people' },
  unitUnits: { ja: '{n} 所属', en: '{n} units' },
  unitProjects: { ja: '{n} 件', en: '{n} projects' },

  // nominations
  nominationsPending: { ja: '審査中の推薦', en: 'Pending nominations' },
  nominationsDecided: { ja: '決定済みの推薦', en: 'Decided nominations' },
  noNominations: { ja: '推薦はありません。', en: 'No nominations.' },
  nominee: { ja: '推薦する人', en: 'Nominee' },
  nominatedBy: { ja: '推薦者', en: 'Nominated by' },
  approver: { ja: '承認者', en: 'Approver' },
  status: { ja: '状態', en: 'Status' },
  requestedAt: { ja: '推薦日', en: 'Requested' },
  decidedAt: { ja: '決定日', en: 'Decided' },
  reason: { ja: '推薦の理由', en: 'Reason' },
  decisionComment: { ja: 'コメント', en: 'Comment' },
  statusPending: { ja: '審査中', en: 'Pending' },
  statusApproved: { ja: '承認', en: 'Approved' },
  statusRejected: { ja: '却下', en: 'Rejected' },
  statusWithdrawn: { ja: '取り下げ', en: 'Withdrawn' },
  nominationDialog: { ja: '推薦する', en: 'Nominate' },
  nominationRole: { ja: '役割', en: 'Role' },
  pickRole: { ja: '役割を選んでください', en: 'Choose a role' },
  pickNominee: { ja: '職員を選んでください', en: 'Choose a staff member' },
  findNominee: { ja: '氏名で探す', en: 'Find by name' },
  nomineeTruncated: { ja: '{total} 人のうち先頭 {shown} 人を表示しています。氏名で絞り込んでください。', en: 'Showing the first {shown} of {total}. Narrow the list by name.' },
  replaces: { ja: '交代する人（任意）', en: 'Replaces (optional)' },
  noReplacement: { ja: '交代なし', en: 'No replacement' },
  submitNomination: { ja: '推薦する', en: 'Nominate' },
  nominationRefused: { ja: '推薦できません', en: 'Cannot nominate' },
  nominationWarnings: { ja: '確認してください', en: 'Please check' },
  confirmWarnings: { ja: '警告を確認して推薦する', en: 'Nominate despite the warnings' },
  nominationCreated: { ja: '推薦しました。承認者: {approver}', en: 'Nominated. Approver: {approver}' },
  approverNotNotified: {
    ja: '承認者は Teams でまだ SkillSteps を追加していないため、チャットの依頼は届いていません。',
    en: 'The approver has not added SkillSteps in Teams yet, so no request reached them in chat.',
  },

  // data quality
  dataQuality: { ja: 'データ品質', en: 'Data quality' },
  dqList: { ja: 'リスト', en: 'List' },
  dqAllLists: { ja: 'すべてのリスト（{n} 件）', en: 'All lists ({n})' },
  dqListOption: { ja: '{label}（{n} 件）', en: '{label} ({n})' },
  dqRow: { ja: '行・項目', en: 'Row or item' },
  dqRowN: { ja: '{n} 行目', en: 'line {n}' },
  dqItemN: { ja: '項目 {id}', en: 'item {id}' },
  dqColumn: { ja: '列', en: 'Column' },
  dqValue: { ja: '値', en: 'Value' },
  dqReason: { ja: '理由', en: 'Reason' },
  dqEffect: { ja: '影響', en: 'Effect' },
  dqNone: { ja: 'データ品質の問題はありません。', en: 'No data-quality issues.' },
  effectRowSkipped: { ja: '行を除外', en: 'Row left out' },
  effectValueIgnored: { ja: '値を無視', en: 'Value ignored' },
  effectListSkipped: { ja: 'リストを除外', en: 'List left out' },
  effectNote: { ja: '参考', en: 'Note' },

  // operations (the scheduled jobs, GET /api/jobs)
  reload: { ja: '再読み込み', en: 'Reload' },
  opsAsOf: { ja: '{at} 時点', en: 'As of {at}' },
  opsAlive: { ja: 'ジョブはインスタンス {instanceId} で動いています（最終確認 {at}）', en: 'The jobs are running on instance {instanceId} (last checked {at})' },
  opsStopped: { ja: 'ジョブが止まっています', en: 'The jobs have stopped' },
  opsStoppedSince: { ja: '最後の確認は {at}（インスタンス {instanceId}）です。', en: 'They were last checked at {at} (instance {instanceId}).' },
  opsNeverRan: { ja: 'まだ一度も動いていません。', en: 'They have never run.' },
  opsCheckLogs: { ja: 'システム管理者（情報政策課）にお知らせください（管理者の手順は docs/deploy.md「Operations」）。', en: 'Please tell your system administrator (their steps: docs/deploy.md, "Operations").' },
  opsNotConfigured: { ja: 'このサーバーではボットとジョブが設定されていません', en: 'The bot and its jobs are not set up on this server' },
  opsJobs: { ja: 'スケジュールされたジョブ', en: 'Scheduled jobs' },
  opsJob: { ja: 'ジョブ', en: 'Job' },
  opsSchedule: { ja: '間隔', en: 'Interval' },
  opsLastRun: { ja: '前回', en: 'Last run' },
  opsResult: { ja: '結果', en: 'Result' },
  opsSummary: { ja: '内容', en: 'Details' },
  opsLastDone: { ja: '前回の完了', en: 'Last completed' },
  opsDaily: { ja: '毎日', en: 'Daily' },
  opsEvery: { ja: '{minutes} 分ごと', en: 'Every {minutes} min' },
  opsNeverRun: { ja: '未実行', en: 'Not run yet' },
  opsRunning: { ja: '実行中', en: 'Running' },
  opsFailed: { ja: '失敗', en: 'Failed' },
  opsWaiting: { ja: '待機', en: 'Waiting' },
  opsDone: { ja: '完了', en: 'Done' },
  opsWaitingWhy: { ja: '{reason}。あとでもう一度動きます', en: '{reason}. It will run again later.' },
  opsWaitingLater: { ja: 'この期間の分はまだです。あとでもう一度動きます', en: 'Not done for this period yet. It will run again later.' },
  jobRemindersPlan: { ja: 'リマインダーの計画', en: 'Reminder planning' },
  jobRemindersPlanHint: {
    ja: 'その日のリマインダーを決めて送信キューに入れます（稼働日の送信時間内に 1 日 1 回）',
    en: "Decides the day's reminders and puts them on the send queue (once a working day, within the send window)",
  },
  jobRemindersRequeue: { ja: '送信の再試行', en: 'Send retries' },
  jobRemindersRequeueHint: { ja: '止まった送信をキューに戻します', en: 'Puts stalled sends back on the queue' },
  jobChannelDigest: { ja: 'チャネルの週次進捗', en: 'Weekly channel digest' },
  jobChannelDigestHint: { ja: '部署のチャネルに週 1 回、進捗を投稿します', en: "Posts progress to each department's channel once a week" },
  jobNominationsReconcile: { ja: '推薦の整合', en: 'Nomination repair' },
  jobNominationsReconcileHint: { ja: '承認済みの推薦の役割の登録漏れを直します', en: 'Adds the roles missing for approved nominations' },
  sumClosedDay: { ja: '休日のため送信しません', en: 'A closed day: nothing is sent' },
  sumOutsideSendWindow: { ja: '送信時間外', en: 'Outside the send window' },
  sumNotSynced: { ja: 'リストをまだ読み込んでいません', en: 'The lists have not been read yet' },
  sumPlanned: { ja: '{planned} 件を計画、{queued} 件をキューへ', en: '{planned} planned, {queued} queued' },
  sumRequeued: { ja: '{requeued} 件を戻しました', en: '{requeued} put back' },
  sumNotDue: { ja: '今週の投稿日ではありません', en: "Not this week's posting day" },
  sumStale: { ja: 'リストが古いため見送りました', en: 'Skipped: the lists are out of date' },
  sumDigest: { ja: '投稿 {sent}・失敗 {failed}・投稿済み {alreadySent}', en: 'Posted {sent}, failed {failed}, already posted {alreadySent}' },
  sumAdded: { ja: '{added} 件を補いました', en: '{added} added' },
  opsRemindersToday: { ja: '今日のリマインダー（{day}）', en: "Today's reminders ({day})" },
  remindersPlanned: { ja: '予定', en: 'Planned' },
  remindersSending: { ja: '送信中', en: 'Sending' },
  remindersSent: { ja: '送信済み', en: 'Sent' },
  remindersFailed: { ja: '失敗', en: 'Failed' },
  opsQueued: { ja: '送信キュー {queued} 件', en: '{queued} in the send queue' },
  opsDigests: { ja: '今週のチャネル投稿（{week} の週）', en: "This week's channel posts (week of {week})" },
  digestSent: { ja: '投稿済み {at}', en: 'Posted {at}' },
  digestSending: { ja: '送信中', en: 'Sending' },
  digestFailed: { ja: '失敗: {error}（再試行 {attempts} 回目）', en: 'Failed: {error} (attempt {attempts})' },
  digestNone: { ja: '今週はまだ投稿していません', en: 'Nothing posted this week yet' },
} as const satisfies Record<string, Label & { en: string }>;

export type StringKey = keyof typeof STRINGS;
export type Vars = Record<string, string | number>;

/** A string of the table in a locale, with {name} placeholders filled. */
export function translate(locale: Locale, key: StringKey, vars?: Vars): string {
  const s = STRINGS[key][locale];
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

/** A label from the server in a locale, falling back to Japanese (as src/domain/label.ts does). */
export function pick(label: Label | undefined, locale: Locale): string {
  if (!label) return '';
  return locale === 'en' && label.en ? label.en : label.ja;
}

/** 2026-12-25 → 2026/12/25 (ja) or 2026-12-25 (en). Accepts an ISO date or date-time (shown in JST). */
export function formatDate(value: string | undefined, locale: Locale): string {
  if (!value) return '';
  const day = value.length > 10 ? jstDay(value) : value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return value;
  return locale === 'ja' ? day.replace(/-/g, '/') : day;
}

/** An ISO instant as a date and time in JST: 2026/12/25 9:30. */
export function formatDateTime(value: string | undefined, locale: Locale): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const p = Object.fromEntries(JST_PARTS.formatToParts(d).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  const time = `${Number(p.hour) % 24}:${p.minute}`;
  return `${formatDate(date, locale)} ${time}`;
}

const JST_PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function jstDay(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = Object.fromEntries(JST_PARTS.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

const ERA_YEAR = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * A fiscal year's name: 令和7年度 / FY2025, the way the server's fiscalYearLabel names it (the era
 * of the year's first day). For years the server did not label (the picker's other years).
 */
export function formatFiscalYear(fy: number, locale: Locale): string {
  if (locale === 'en') return `FY${fy}`;
  return `${ERA_YEAR.format(new Date(Date.UTC(fy, 3, 1)))}度`;
}

/** A number in the locale's digits grouping. */
export function formatNumber(n: number, locale: Locale): string {
  return n.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: 1 });
}

export interface I18n {
  locale: Locale;
  t: (key: StringKey, vars?: Vars) => string;
  label: (label: Label | undefined) => string;
  date: (value: string | undefined) => string;
  dateTime: (value: string | undefined) => string;
  fiscalYear: (fy: number) => string;
  number: (n: number) => string;
}

export const LocaleContext = createContext<Locale>('ja');

/** The strings and formats of the tab's locale. */
export function useI18n(): I18n {
  const locale = useContext(LocaleContext);
  return useMemo(() => i18nFor(locale), [locale]);
}

/** The same, outside React (and for tests). */
export function i18nFor(locale: Locale): I18n {
  return {
    locale,
    t: (key, vars) => translate(locale, key, vars),
    label: (l) => pick(l, locale),
    date: (v) => formatDate(v, locale),
    dateTime: (v) => formatDateTime(v, locale),
    fiscalYear: (fy) => formatFiscalYear(fy, locale),
    number: (n) => formatNumber(n, locale),
  };
}

/** `ja-jp`, `ja`, `en-us`, `en-GB` … → the tab's locale: English for en-*, Japanese otherwise. */
export function localeOf(tag: string | undefined | null): Locale {
  return tag && /^en(-|$)/i.test(tag) ? 'en' : 'ja';
}
