/**
 * The terms both the bot's cards and the tab show, defined once so the two cannot drift apart
 * (src/i18n/strings.test.ts: a Japanese–English pair appears once in the whole table).
 */
import type { Entry } from '../translate';

export const COMMON_STRINGS = {
  // due dates
  due: { ja: '期限 {date}', en: 'Due {date}' },
  overdue: { ja: '期限切れ', en: 'Overdue' },
  courseLink: { ja: '研修のページ', en: 'Course page' },

  // roles and steps
  noRoles: { ja: '役割がありません。', en: 'No roles.' },
  /** A role's step with its progress: 「Step1 基礎（1/3）」, 「未着手（0/3）」. */
  stepProgress: { ja: '{step}（{reached}/{total}）', en: '{step} ({reached}/{total})' },
  noStepYet: { ja: '未着手', en: 'Not started' },
  ladderComplete: { ja: 'すべてのステップを達成しました', en: 'All steps reached' },
  stepDistribution: { ja: 'ステップの分布', en: 'Steps reached' },
  /** The n-th step of a ladder where its own name would not fit (a chart's legend, the digest's line). */
  stepN: { ja: 'ステップ{n}', en: 'Step {n}' },
  noStep: { ja: 'ステップ未達', en: 'No step yet' },

  // certifications (真岡市: 認定 by the office once the requirements are met)
  certifications: { ja: '認定', en: 'Certifications' },
  certHeld: { ja: '認定済み', en: 'Certified' },
  certQualifies: { ja: '認定待ち', en: 'Qualifies, awaiting decision' },
  certNotYet: { ja: '未達', en: 'Not yet' },

  // nominations
  nominate: { ja: '推薦する', en: 'Nominate' },
  nominationRefused: { ja: '推薦できません', en: 'Cannot nominate' },
  nominationWarnings: { ja: '確認してください', en: 'Please check' },
  confirmWarnings: { ja: '警告を確認して推薦する', en: 'Nominate despite the warnings' },
  role: { ja: '役割', en: 'Role' },
  chooseRole: { ja: '役割を選んでください', en: 'Choose a role' },
  section: { ja: '所属', en: 'Section' },
  department: { ja: '部', en: 'Department' },
  /** Between the items of a list in running text (cards and the tab). */
  listSeparator: { ja: '、', en: ', ' },
  findByName: { ja: '氏名で探す', en: 'Search by name' },
  nominatedBy: { ja: '推薦者', en: 'Nominated by' },
  approver: { ja: '承認者', en: 'Approver' },
  reason: { ja: '推薦の理由', en: 'Reason' },
  replaces: { ja: '交代する人（任意）', en: 'Replaces (optional)' },
  noReplacement: { ja: '交代なし', en: 'No replacement' },
  decisionComment: { ja: 'コメント', en: 'Comment' },
  // reports (issue 12): the tab's form and the cards both name these
  level: { ja: 'レベル', en: 'Level' },
  note: { ja: 'メモ', en: 'Note' },
  reportButton: { ja: '報告する', en: 'Report' },
  reportConfirm: { ja: '承認', en: 'Confirm' },
  reportReturn: { ja: '差し戻し', en: 'Return' },
  reportCertificateInput: { ja: '証書番号（任意）', en: 'Certificate number (optional)' },
  reportHoursInput: { ja: '時間（任意）', en: 'Hours (optional)' },
  reportTitleInput: { ja: '内容', en: 'What you did' },
  reportTitlePlaceholder: { ja: '例：新任研修の講師', en: 'For example: lecturer at the induction course' },
  reportNotePlaceholder: { ja: 'いつ・どこで・何を（確認する人が確かめられるように）', en: 'When, where, what (so the person confirming can check it)' },
  reportRefused: { ja: '報告できません', en: 'This report cannot be sent' },
  changeStepReached: { ja: '「{role}」のステップ{n}（{step}）に到達しました', en: 'You reached step {n} of {role} ({step})' },
  changeQualifies: { ja: '「{certification}」の認定基準を満たしました（認定は事務局が決定します）', en: 'You now meet the criteria of {certification} (the office decides the award)' },
  changeStillMissing: { ja: '「{role}」の次のステップ（{step}）に足りないもの：{missing}', en: 'Still needed for {step} of {role}: {missing}' },
  changeNone: { ja: 'ステップに変わりはありません。', en: 'Your steps have not changed.' },
  approve: { ja: '承認', en: 'Approve' },
  reject: { ja: '却下', en: 'Reject' },
  commentInput: { ja: 'コメント（任意）', en: 'Comment (optional)' },
  reporter: { ja: '報告者', en: 'Reported by' },
  evidence: { ja: '証跡', en: 'Evidence' },
  pickOne: { ja: '選んでください', en: 'Choose one' },
} as const satisfies Readonly<Record<string, Entry>>;
