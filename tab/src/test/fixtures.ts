/**
 * API answers shaped exactly like src/app/views.ts (the compiler checks them against the real
 * types), for the fake API the component tests run against.
 */
import type {
  DataQualityIssue,
  JobRun,
  JobsView,
  KpiResult,
  MemberRow,
  MeView,
  MissingItem,
  NominationView,
  ProgrammeView,
  ProgressView,
  RequirementResult,
  NotStartedRow,
  OfficeListId,
  OfficeListView,
  SectionSummary,
  TransferRow,
  WaitingReportRow,
  YearEndView,
} from '../api/types';

const programme: MeView['programme'] = {
  id: 'tokyo-template',
  label: { ja: 'DX人材育成プログラム', en: 'DX talent programme' },
  municipality: { ja: 'みどり市', en: 'Midori City' },
  fiscalYear: 2025,
  fiscalYearLabel: { ja: '令和7年度', en: 'FY2025' },
  hasSkillMap: true,
  nominatedRoles: [
    { id: 'dx-leader', label: { ja: 'DX推進リーダー', en: 'DX leader' } },
    { id: 'dx-promoter', label: { ja: 'DX推進員', en: 'DX promoter' } },
  ],
};

export const meStaff: MeView = {
  upn: 'hanako.yamada@midori.example.jp',
  name: '山田 花子',
  department: '総務部',
  section: '総務課',
  grade: '主任',
  office: false,
  manages: [],
  programme,
  asOf: '2026-01-15',
  syncedAt: '2026-01-15T00:30:00.000Z',
};

export const meManager: MeView = {
  ...meStaff,
  upn: 'taro.sato@midori.example.jp',
  name: '佐藤 太郎',
  grade: '課長',
  manages: [{ department: '総務部', section: '総務課' }],
};

export const meOffice: MeView = {
  ...meStaff,
  upn: 'jimukyoku@midori.example.jp',
  name: '鈴木 一郎',
  department: '政策経営部',
  section: 'DX推進課',
  grade: '係長',
  office: true,
  manages: [{ department: '政策経営部', section: 'DX推進課' }],
};

const course = (ja: string, met: boolean, extra: Partial<RequirementResult> = {}): RequirementResult => ({
  kind: 'course',
  met,
  label: { ja: `${ja}の受講`, en: `Complete ${ja}` },
  evidence: met ? { ja: '受講済（2025/5/10）', en: 'Completed 2025-05-10' } : { ja: '未受講', en: 'Not completed' },
  courseId: ja,
  ...extra,
});

const literacy = course('DXリテラシー研修', true, { url: 'https://learning.example.jp/dx-literacy' });
const dataBasics = course('データ活用基礎', false, {
  evidence: { ja: '未受講 — 期限 12/25', en: 'Not completed — due 12/25' },
  due: '2025-12-25',
  overdue: true,
  url: 'https://learning.example.jp/data-basics',
});
const security = course('情報セキュリティ研修', false, { evidence: { ja: '未受講 — 期限 6/30', en: 'Not completed — due 6/30' }, due: '2026-06-30', overdue: false });
const hours: RequirementResult = {
  kind: 'hours',
  met: false,
  label: { ja: '実践研修 12時間以上', en: 'Practical training, 12 hours or more' },
  evidence: { ja: '6時間', en: '6 hours' },
  progress: { current: 6, required: 12 },
};

const step2: RequirementResult = {
  kind: 'allOf',
  met: false,
  label: { ja: '次のすべて', en: 'All of' },
  evidence: { ja: '0／2 達成', en: '0 of 2 met' },
  // As the server combines them: the earliest due date of the parts still open.
  due: '2025-12-25',
  overdue: true,
  children: [dataBasics, security],
};

const missing = (r: RequirementResult, where: Partial<MissingItem>): MissingItem => ({
  kind: r.kind,
  label: r.label,
  evidence: r.evidence,
  due: r.due,
  overdue: r.overdue ?? false,
  courseId: r.courseId,
  url: r.url,
  ...where,
});

export const myProgress: ProgressView = {
  person: { upn: meStaff.upn, name: meStaff.name, department: '総務部', section: '総務課', grade: '主任' },
  progress: {
    upn: meStaff.upn,
    name: meStaff.name,
    department: '総務部',
    section: '総務課',
    grade: 'shunin',
    gradeText: '主任',
    roles: [
      {
        role: 'all-staff',
        label: { ja: '全職員', en: 'All staff' },
        assignment: 'all',
        currentStep: 'step1',
        stepsReached: 1,
        steps: [
          { id: 'step1', label: { ja: 'Step1', en: 'Step 1' }, optional: false, met: true, reached: true, result: literacy },
          { id: 'step2', label: { ja: 'Step2', en: 'Step 2' }, optional: false, met: false, reached: false, result: step2 },
          { id: 'step3', label: { ja: 'Step3', en: 'Step 3' }, optional: false, met: false, reached: false, result: hours },
        ],
        next: {
          step: 'step2',
          label: { ja: 'Step2', en: 'Step 2' },
          optional: false,
          missing: [missing(dataBasics, { role: 'all-staff', step: 'step2' }), missing(security, { role: 'all-staff', step: 'step2' })],
        },
      },
    ],
    certifications: [
      {
        certification: 'dx-adviser',
        label: { ja: 'DXアドバイザー', en: 'DX adviser' },
        level: 1,
        status: 'qualifies',
        result: literacy,
        missing: [],
      },
      {
        certification: 'dx-expert',
        label: { ja: 'DXエキスパート', en: 'DX expert' },
        level: 2,
        status: 'notYet',
        result: hours,
        missing: [missing(hours, { certification: 'dx-expert' })],
      },
    ],
    nextActions: [missing(dataBasics, { role: 'all-staff', step: 'step2' }), missing(security, { role: 'all-staff', step: 'step2' })],
  },
  skillMap: {
    label: { ja: 'DXスキルマップ', en: 'DX skill map' },
    levels: [
      { level: 1, label: { ja: '知っている', en: 'Aware' } },
      { level: 2, label: { ja: 'できる', en: 'Able' } },
      { level: 3, label: { ja: '教えられる', en: 'Can teach' } },
    ],
    rows: [
      { skill: 'data', label: { ja: 'データ活用', en: 'Data' }, level: 1, assessedBy: 'self', assessedOn: '2025-10-01', expected: 2, expectedBy: { ja: 'DX推進リーダー' } },
      { skill: 'design', label: { ja: 'サービスデザイン', en: 'Service design' } },
    ],
  },
};

export const sections: SectionSummary[] = [
  { department: '総務部', section: '総務課', people: 7, pending: 9, overdue: 3 },
  { department: '総務部', section: '人事課', people: 2, pending: 0, overdue: 0 },
];

const member = (name: string, upn: string, pending: number, overdue: number, stepsReached: number, extra: Partial<MemberRow> = {}): MemberRow => ({
  upn: `${upn}@midori.example.jp`,
  name,
  grade: '主事',
  roles: [
    {
      role: 'all-staff',
      label: { ja: '全職員', en: 'All staff' },
      stepLabel: stepsReached > 0 ? { ja: `Step${stepsReached}` } : undefined,
      stepsReached,
      stepsTotal: 3,
    },
  ],
  pending,
  overdue,
  nextDue: pending > 0 ? '2026-02-10' : undefined,
  ...extra,
});

/** 総務課, in no particular order (the fake sorts like the server); 加藤 誠 has no reading in the Staff list. */
export const members: MemberRow[] = [
  member('山田 花子', 'hanako.yamada', 2, 1, 1, { grade: '主任', kana: 'ヤマダ ハナコ' }),
  member('阿部 次郎', 'jiro.abe', 0, 0, 3, { kana: 'アベ ジロウ' }),
  member('伊藤 美咲', 'misaki.ito', 4, 2, 0, { kana: 'イトウ ミサキ' }),
  member('上田 健', 'ken.ueda', 1, 0, 2, {
    kana: 'ウエダ ケン',
    grade: '副係長',
    roles: [
      { role: 'all-staff', label: { ja: '全職員' }, stepLabel: { ja: 'Step2' }, stepsReached: 2, stepsTotal: 3 },
      { role: 'dx-leader', label: { ja: 'DX推進リーダー' }, stepsReached: 0, stepsTotal: 3 },
    ],
  }),
  member('江藤 翼', 'tsubasa.eto', 0, 0, 2, { kana: 'エトウ ツバサ' }),
  member('小川 直子', 'naoko.ogawa', 2, 0, 1, { kana: 'オガワ ナオコ' }),
  member('加藤 誠', 'makoto.kato', 0, 0, 1),
];

const kpi = (k: Partial<KpiResult> & Pick<KpiResult, 'id' | 'label' | 'unit' | 'value' | 'met' | 'onTrack'>): KpiResult => ({
  fiscalYear: 2025,
  asOf: '2026-01-15',
  numerator: k.value,
  byDepartment: [],
  bySection: [],
  ...k,
});

export const programmeView: ProgrammeView = {
  fiscalYear: 2025,
  fiscalYearLabel: { ja: '令和7年度', en: 'FY2025' },
  asOf: '2026-01-15',
  currentFiscalYear: 2025,
  fiscalYears: [2023, 2024, 2025],
  kpis: [
    kpi({
      id: 'literacy-rate',
      label: { ja: 'DXリテラシー研修 受講率', en: 'DX literacy completion' },
      unit: 'percent',
      value: 82.5,
      numerator: 825,
      denominator: 1000,
      target: { value: 80, fiscalYear: 2025, approximate: false },
      met: true,
      onTrack: true,
      byDepartment: [
        { department: '総務部', value: 90, numerator: 90, denominator: 100 },
        { department: '福祉部', value: 75, numerator: 150, denominator: 200 },
      ],
    }),
    kpi({
      id: 'step2-rate',
      label: { ja: 'Step2 到達率', en: 'Step 2 reached' },
      unit: 'percent',
      value: 30,
      numerator: 300,
      denominator: 1000,
      target: { value: 70, fiscalYear: 2027, approximate: false },
      met: null,
      trajectory: 40,
      onTrack: false,
      byDepartment: [{ department: '総務部', value: 35, numerator: 35, denominator: 100 }],
    }),
    kpi({ id: 'projects', label: { ja: 'DX案件数', en: 'DX projects' }, unit: 'projects', value: 8, met: null, onTrack: null }),
  ],
  steps: [
    {
      role: 'all-staff',
      label: { ja: '全職員', en: 'All staff' },
      holders: 1000,
      none: 400,
      steps: [
        { step: 'step1', label: { ja: 'Step1' }, count: 300 },
        { step: 'step2', label: { ja: 'Step2' }, count: 200 },
        { step: 'step3', label: { ja: 'Step3' }, count: 100 },
      ],
    },
  ],
  certifications: [{ certification: 'dx-adviser', label: { ja: 'DXアドバイザー', en: 'DX adviser' }, held: 12, qualifies: 3 }],
};

export const pendingNominations: NominationView[] = [
  {
    id: '41',
    nominee: { upn: 'ken.ueda@midori.example.jp', name: '上田 健', department: '総務部', section: '総務課', grade: '副係長' },
    role: { id: 'dx-leader', label: { ja: 'DX推進リーダー', en: 'DX leader' } },
    section: '総務課',
    nominatedBy: { upn: meManager.upn, name: meManager.name },
    approver: { upn: 'bucho@midori.example.jp', name: '高橋 部長' },
    status: 'pending',
    reason: '業務改善の実績があるため',
    requestedAt: '2026-01-10T01:00:00.000Z',
  },
];

export const decidedNominations: NominationView[] = [
  {
    id: '30',
    nominee: { upn: 'tsubasa.eto@midori.example.jp', name: '江藤 翼', department: '総務部', section: '総務課', grade: '主事' },
    role: { id: 'dx-promoter', label: { ja: 'DX推進員', en: 'DX promoter' } },
    section: '総務課',
    nominatedBy: { upn: meManager.upn, name: meManager.name },
    approver: { upn: 'bucho@midori.example.jp', name: '高橋 部長' },
    status: 'approved',
    decisionComment: '承認します',
    requestedAt: '2025-11-01T01:00:00.000Z',
    decidedAt: '2025-11-05T01:00:00.000Z',
  },
];

export const dataQualityIssues: DataQualityIssue[] = [
  { list: 'Staff', row: 12, column: 'Upn', value: 'yamada@', code: 'UPN.INVALID', reason: 'UPN の形式ではありません', effect: 'rowSkipped' },
  { list: 'Completions', itemId: '88', column: 'CompletedOn', value: '2025/13/01', code: 'DATE.INVALID', reason: 'ありえない日付です', effect: 'rowSkipped' },
  { list: 'Completions', itemId: '91', column: 'Hours', value: '３', code: 'NUMBER.FULLWIDTH', reason: '全角数字を読みました', effect: 'note' },
  { list: 'Courses', row: 4, column: 'DueDate', value: '来年', code: 'DATE.INVALID', reason: '日付ではありません', effect: 'valueIgnored' },
];

export const listLabels = {
  Staff: { ja: '職員', en: 'Staff' },
  Completions: { ja: '受講記録', en: 'Completions' },
  Courses: { ja: '研修', en: 'Courses' },
} as const;

const requeueRun: JobRun = {
  job: 'reminders-requeue',
  instanceId: 'skillsteps-a1',
  startedAt: '2026-01-19T00:21:10.000Z',
  finishedAt: '2026-01-19T00:21:10.210Z',
  ok: true,
  done: true,
  summary: { requeued: 1 },
};

const digestRun: JobRun = {
  job: 'channel-digest',
  instanceId: 'skillsteps-a1',
  startedAt: '2026-01-19T00:20:40.000Z',
  finishedAt: '2026-01-19T00:20:41.500Z',
  ok: true,
  done: true,
  summary: { week: '2026-01-19', sent: 0, failed: 1, alreadySent: 1 },
};

/**
 * GET /api/jobs on a Monday at 9:25 JST (the tokyo-template programme: digest Monday 9:00, send
 * window from 9:30): the plan waits for the window, the digest reached 総務部 but not 企画部 (tried
 * every 10 minutes since 9:00), and the last repair of nominations was throttled by SharePoint.
 */
export const jobsView: JobsView = {
  now: '2026-01-19T00:25:30.000Z',
  scheduler: {
    instanceId: 'skillsteps-b2',
    holder: { instanceId: 'skillsteps-a1', at: '2026-01-19T00:25:10.000Z' },
    alive: true,
    jobs: [
      {
        name: 'reminders-plan',
        schedule: { kind: 'daily' },
        running: false,
        last: {
          job: 'reminders-plan',
          instanceId: 'skillsteps-a1',
          startedAt: '2026-01-19T00:25:10.000Z',
          finishedAt: '2026-01-19T00:25:10.004Z',
          ok: true,
          done: false,
          summary: { day: '2026-01-19', skipped: 'outsideSendWindow', planned: 0, queued: 0, requeued: 0, ms: 4 },
        },
        lastDone: {
          job: 'reminders-plan',
          instanceId: 'skillsteps-a1',
          startedAt: '2026-01-16T00:30:05.000Z',
          finishedAt: '2026-01-16T00:30:07.812Z',
          ok: true,
          done: true,
          summary: { day: '2026-01-16', planned: 42, queued: 42, requeued: 0, ms: 2812 },
        },
      },
      {
        name: 'reminders-requeue',
        schedule: { kind: 'every', minutes: 5 },
        running: false,
        last: requeueRun,
        lastDone: requeueRun,
      },
      {
        name: 'channel-digest',
        schedule: { kind: 'every', minutes: 10 },
        running: false,
        last: digestRun,
        lastDone: digestRun,
      },
      {
        name: 'nominations-reconcile',
        schedule: { kind: 'every', minutes: 15 },
        running: false,
        last: {
          job: 'nominations-reconcile',
          instanceId: 'skillsteps-a1',
          startedAt: '2026-01-19T00:15:40.000Z',
          finishedAt: '2026-01-19T00:15:41.300Z',
          ok: false,
          done: false,
          error: 'SharePoint が混み合っています（HTTP 429）',
        },
        lastDone: {
          job: 'nominations-reconcile',
          instanceId: 'skillsteps-a1',
          startedAt: '2026-01-19T00:00:40.000Z',
          finishedAt: '2026-01-19T00:00:41.100Z',
          ok: true,
          done: true,
          summary: { added: 1 },
        },
      },
    ],
  },
  sender: {
    instanceId: 'skillsteps-b2',
    running: true,
    stats: { sent: 3, failed: 1, retryLater: 0, duplicate: 0, orphan: 0, busy: 0, scheduled: 0, throttled: 0, retried: 1, inFlight: 1 },
  },
  // Reminders sent by hand from 所属 before the window opened.
  remindersToday: { day: '2026-01-19', planned: 1, sending: 1, sent: 3, failed: 1 },
  queued: 1,
  // One asked for after hours, waiting for the next morning's window.
  remindersScheduled: { count: 1, sendAt: '2026-01-20T00:30:00.000Z' },
  digests: {
    week: '2026-01-19',
    entries: [
      {
        week: '2026-01-19',
        department: '総務部',
        state: 'sent',
        attempts: 1,
        claimedBy: 'skillsteps-a1',
        claimedAt: '2026-01-19T00:00:41.000Z',
        sentAt: '2026-01-19T00:00:42.000Z',
        activityId: '1768780842000',
        channel: '19:soumu@thread.tacv2',
      },
      {
        week: '2026-01-19',
        department: '企画部',
        state: 'failed',
        attempts: 3,
        claimedBy: 'skillsteps-a1',
        claimedAt: '2026-01-19T00:20:41.000Z',
        channel: '19:kikaku@thread.tacv2',
        error: 'チャネルが見つかりません（HTTP 404）',
      },
    ],
  },
};

/** GET /api/year-end for 令和7年度, read on its 3/31. */
export const yearEndView: YearEndView = {
  fiscalYear: 2025,
  fiscalYearLabel: { ja: '令和7年度', en: 'FY2025' },
  currentFiscalYear: 2026,
  fiscalYears: [2024, 2025, 2026],
  asOf: '2026-03-31',
  yearEnded: true,
  createdAt: '2026-11-23T03:00:00Z',
  municipality: { ja: 'みどり市', en: 'Midori City' },
  programme: { ja: 'みどり市 DX人材育成', en: 'Midori City DX talent programme' },
  people: 1000,
  kpis: programmeView.kpis,
  steps: programmeView.steps,
  awards: [
    { certification: 'dx-adviser', label: { ja: 'DXアドバイザー', en: 'DX adviser' }, count: 4 },
    { certification: 'dx-expert', label: { ja: 'DXエキスパート', en: 'DX expert' }, count: 1 },
  ],
  placements: [
    {
      role: 'dx-leader',
      label: { ja: 'DX推進リーダー', en: 'DX leader' },
      per: 'section',
      min: 1,
      units: 3,
      placed: 2,
      unplaced: [{ department: '総務部', section: '庶務課', count: 0 }],
    },
  ],
  courses: [
    { course: 'literacy', label: { ja: 'DXリテラシー研修', en: 'DX literacy' }, completedInYear: 300, hoursInYear: 600, completedEver: 825 },
    { course: 'security', label: { ja: '情報セキュリティ研修' }, completedInYear: 900, hoursInYear: 900, completedEver: 900 },
  ],
  dataQuality: { total: 12, byList: [{ list: 'Completions', label: { ja: '受講記録', en: 'Completions' }, count: 12 }] },
  sheets: [
    { id: 'summary', name: '概要', rows: 9 },
    { id: 'kpis', name: '指標', rows: 20 },
    { id: 'steps', name: 'ステップ分布', rows: 4 },
    { id: 'certifications', name: '年度内の認定', rows: 5 },
    { id: 'placement', name: '課ごとの配置', rows: 3 },
    { id: 'unplaced', name: '未配置の課', rows: 1 },
    { id: 'courses', name: '研修の修了', rows: 2 },
    { id: 'dataQuality', name: 'データ品質', rows: 12 },
  ],
};

const ref = (name: string, upn: string, kana: string | undefined, department: string, section: string, grade = '主事') => ({
  upn: `${upn}@midori.example.jp`,
  name,
  ...(kana ? { kana } : {}),
  department,
  section,
  grade,
});

/** GET /api/office-lists/:list (the fake filters them by 部, 課 and text like the server). */
export const officeLists: { 'not-started': OfficeListView<NotStartedRow>; transfers: OfficeListView<TransferRow>; 'waiting-reports': OfficeListView<WaitingReportRow> } = {
  'not-started': {
    list: 'not-started',
    fiscalYear: 2025,
    asOf: '2026-01-15',
    total: 3,
    recipients: 3,
    rows: [
      { person: ref('阿部 次郎', 'jiro.abe', 'アベ ジロウ', '総務部', '総務課'), pending: 2, nextDue: '2026-02-10' },
      { person: ref('加藤 誠', 'makoto.kato', undefined, '総務部', '総務課'), pending: 1, lastActivity: '2024-06-01' },
      { person: ref('田中 一郎', 'ichiro.tanaka', 'タナカ イチロウ', '福祉部', '福祉課'), pending: 3 },
    ],
  },
  transfers: {
    list: 'transfers',
    fiscalYear: 2025,
    asOf: '2026-01-15',
    windows: [{ role: 'dx-leader', label: { ja: 'DX推進リーダー', en: 'DX leader' }, months: 6, until: '2026-07-15' }],
    total: 2,
    recipients: 1,
    rows: [
      {
        leader: ref('上田 健', 'ken.ueda', 'ウエダ ケン', '総務部', '総務課', '副係長'),
        role: { id: 'dx-leader', label: { ja: 'DX推進リーダー', en: 'DX leader' } },
        department: '総務部',
        section: '総務課',
        transferDate: '2026-04-01',
        replacement: 'none',
        manager: { upn: 'kacho@midori.example.jp', name: '佐藤 課長' },
      },
      {
        leader: ref('江藤 翼', 'tsubasa.eto', 'エトウ ツバサ', '福祉部', '福祉課'),
        role: { id: 'dx-leader', label: { ja: 'DX推進リーダー', en: 'DX leader' } },
        department: '福祉部',
        section: '福祉課',
        replacement: 'nominated',
        replacementName: '小川 直子',
        manager: { upn: 'fukushi@midori.example.jp', name: '鈴木 課長' },
      },
    ],
  },
  'waiting-reports': {
    list: 'waiting-reports',
    fiscalYear: 2025,
    asOf: '2026-01-15',
    days: 5,
    total: 1,
    recipients: 1,
    rows: [
      {
        id: '12',
        reporter: ref('山田 花子', 'hanako.yamada', 'ヤマダ ハナコ', '総務部', '総務課', '主任'),
        kind: { ja: '研修の受講', en: 'Course' },
        item: { ja: 'DXリテラシー研修', en: 'DX literacy' },
        date: '2025-12-20',
        submittedAt: '2025-12-22T01:00:00Z',
        waitingDays: 12,
        confirmer: { upn: 'kacho@midori.example.jp', name: '佐藤 課長' },
      },
    ],
  },
};

export const officeListIds: OfficeListId[] = ['not-started', 'transfers', 'waiting-reports'];
