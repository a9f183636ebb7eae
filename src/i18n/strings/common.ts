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
} as const satisfies Readonly<Record<string, Entry>>;
