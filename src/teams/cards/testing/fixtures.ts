/**
 * Test data for the card tests, built the real way: a preset programme, list rows parsed into a
 * snapshot, people evaluated, reminders planned, nominations checked. Used by src/teams/cards/*.test.ts only.
 */
import { nominationsView, type NominationView } from '../../../app/views';
import type { Scope } from '../../../app/access';
import type { LocalDate } from '../../../domain/local-date';
import { checkNomination, type NominationCheck } from '../../../domain/nomination-rules';
import type { Programme, Role } from '../../../domain/programme';
import { evaluateEveryone, type PersonProgress } from '../../../domain/progress';
import { planReminders, type PlannedReminder } from '../../../domain/reminder-planner';
import type { Snapshot } from '../../../domain/snapshot';
import { PRESET_IDS, type PresetId } from '../../../presets/presets';
import { preset, progressOf, staffRow, world, type Rows } from '../../../../tests/helpers/world';
import type { DigestCardData } from '../digest-card';
import type { NominationFormRole } from '../nomination-form-card';

/** 2026-11-24 is a Tuesday, a working day (11/23 is 勤労感謝の日). */
export const TODAY: LocalDate = '2026-11-24';
export const TAB_URL = 'https://teams.microsoft.com/l/entity/00000000-0000-0000-0000-000000000000/skillsteps-mystep?context=%7B%22subEntityId%22%3A%22mystep%22%7D';
export const APPROVER_TEAMS_ID = '29:1a2b3c4d5e6f7g8h9i0j-approver';

export const u = (name: string): string => `${name}@city.example.jp`;

// 世田谷区: 総務部 総務課 (部長, 課長, 係長, 副係長, 主任 ×2, 主事) and 人事課 (課長, 主任, 主事).
const staff = [
  staffRow(u('bucho'), { Title: '伊藤 誠', Grade: '部長' }),
  staffRow(u('kacho'), { Title: '山田 太郎', Grade: '課長' }),
  staffRow(u('kakari'), { Title: '佐藤 花子', Grade: '係長' }),
  staffRow(u('fuku'), { Title: '鈴木 一郎', Grade: '副係長' }),
  staffRow(u('leader'), { Title: '高橋 美咲', Grade: '主任' }),
  staffRow(u('shunin2'), { Title: '渡辺 直樹', Grade: '主任', TransferPlanned: '2027-04-01' }),
  staffRow(u('shuji'), { Title: '田中 健太', Grade: '主事' }),
  staffRow(u('jinji-kacho'), { Title: '中村 由美', Section: '人事課', Grade: '課長' }),
  staffRow(u('jinji-shunin'), { Title: '小林 翔', Section: '人事課', Grade: '主任' }),
  staffRow(u('jinji-shuji'), { Title: '加藤 さくら', Section: '人事課', Grade: '主事' }),
];

const setagayaRows: Rows = {
  Staff: staff,
  // 高橋 became 総務課's DX推進リーダー on 6/1: the literacy hours (due 3 months after) are overdue.
  // 小林 leads 人事課 since 2025 and finished the literacy hours: the promotion course is due in 14 days.
  Roles: [
    { Upn: u('leader'), Role: 'dx-leader', StartDate: '2026-06-01', Source: '推薦' },
    { Upn: u('jinji-shunin'), Role: 'dx-leader', StartDate: '2025-04-01', Source: '推薦' },
  ],
  Courses: [
    { CourseId: 'dx-literacy', Title: 'DXリテラシー研修（オンライン学習）', Category: 'DXリテラシー', Hours: 20, Url: 'https://learning.example.jp/courses/dx-literacy' },
    { CourseId: 'dx-promotion', Title: 'DX推進研修', Category: 'DX推進', Url: 'https://learning.example.jp/courses/dx-promotion', DueDate: '2026-12-08' },
    { CourseId: 'dx-management', Title: 'DXマネジメント研修', Category: 'DXマネジメント', DueDate: '2026-08-31' },
    { CourseId: 'video-dx-management', Title: 'DXマネジメント研修（録画）', Category: 'DX関連動画', Url: 'https://video.example.jp/dx-management' },
    { CourseId: 'video-dx-promotion', Title: 'DX推進研修（録画）', Category: 'DX関連動画', Url: 'https://video.example.jp/dx-promotion' },
    { CourseId: 'article-dx-cases', Title: '自治体DX事例（記事）', Category: 'DX関連記事', Url: 'https://news.example.jp/dx-cases' },
  ],
  Completions: [
    { Upn: u('leader'), CourseId: 'dx-literacy', CompletedOn: '2026-07-10', Hours: 12 },
    { Upn: u('leader'), CourseId: 'video-dx-management', CompletedOn: '2026-05-10' },
    { Upn: u('shuji'), CourseId: 'video-dx-management', CompletedOn: '2026-05-12' },
    { Upn: u('shuji'), CourseId: 'video-dx-promotion', CompletedOn: '2026-06-02' },
    { Upn: u('shuji'), CourseId: 'article-dx-cases', CompletedOn: '2026-06-20' },
    { Upn: u('jinji-shunin'), CourseId: 'dx-literacy', CompletedOn: '2025-06-30' },
    { Upn: u('fuku'), CourseId: 'video-dx-management', CompletedOn: '2026-05-12' },
    { Upn: u('kacho'), CourseId: 'dx-management', CompletedOn: '2026-08-20' },
  ],
  Nominations: [
    {
      NomineeUpn: u('jinji-shuji'),
      Role: 'dx-leader',
      Section: '人事課',
      NominatedByUpn: u('jinji-kacho'),
      ApproverUpn: u('bucho'),
      Status: 'pending',
      Reason: '業務改善の提案を多く出しており、課内の RPA 導入でも中心になっています。\n本人も希望しています。**太字** にはなりません。',
      RequestedAt: '2026-11-24T01:30:00Z',
    },
  ],
};

/** 世田谷区 with a small 総務部 as of TODAY. */
export function setagaya(): { programme: Programme; snapshot: Snapshot } {
  const programme = preset('setagaya');
  const snapshot = world(programme, setagayaRows, TODAY);
  if (snapshot.issues.length > 0) throw new Error(`fixture rows do not parse: ${JSON.stringify(snapshot.issues)}`);
  return { programme, snapshot };
}

/** The DX推進リーダー 高橋: an overdue course (hours), one due soon with a link, videos for 全職員. */
export function leaderProgress(): PersonProgress {
  return progressOf(setagaya().snapshot, u('leader'), TODAY);
}

/** The 人事課 DX推進リーダー 小林: step 1 reached, the promotion course (with a link) due in 14 days. */
export function dueSoonLeaderProgress(): PersonProgress {
  return progressOf(setagaya().snapshot, u('jinji-shunin'), TODAY);
}

/**
 * 加藤 (人事課 主事) the day after the 部長 approved her as DX推進リーダー: the Roles item the approval
 * writes is in the list, and her progress is evaluated again.
 */
export function afterApproval(): { progress: PersonProgress; approvedAt: string } {
  const approvedAt = '2026-11-25T02:00:00Z';
  const programme = preset('setagaya');
  const rows: Rows = {
    ...setagayaRows,
    Roles: [...(setagayaRows.Roles ?? []), { Upn: u('jinji-shuji'), Role: 'dx-leader', Section: '人事課', StartDate: '2026-11-25', Source: '推薦' }],
    Nominations: (setagayaRows.Nominations ?? []).map((n) => ({ ...n, Status: 'approved', DecidedAt: approvedAt, DecisionComment: 'よろしくお願いします。' })),
  };
  const snapshot = world(programme, rows, '2026-11-25');
  if (snapshot.issues.length > 0) throw new Error(`fixture rows do not parse: ${JSON.stringify(snapshot.issues)}`);
  return { progress: progressOf(snapshot, u('jinji-shuji'), '2026-11-25'), approvedAt };
}

/** The 部長: DXマネージャー by grade, overdue management training with no link. */
export function managerProgress(): PersonProgress {
  return progressOf(setagaya().snapshot, u('bucho'), TODAY);
}

/** 真岡市: certifications in each state (held, qualifies, not yet). */
export function mokaProgress(): PersonProgress {
  const programme = preset('moka');
  const upn = u('moka');
  const snapshot = world(
    programme,
    {
      Staff: [staffRow(upn, { Title: '木村 陽子', Department: '総務部', Section: 'デジタル戦略課', Grade: '主任' }), staffRow(u('moka2'), { Section: 'デジタル戦略課' })],
      Roles: [{ Upn: upn, Role: 'dx-adviser', StartDate: '2025-04-01', Source: '認定' }],
      Projects: [
        { ProjectId: 'P-2025-01', Title: '窓口業務のBPR', FiscalYear: 2025, Section: '市民課', StartDate: '2025-06-01', EndDate: '2026-01-31', ReportScore: 4 },
      ],
      ProjectMembers: [
        { ProjectId: 'P-2025-01', Upn: upn, ProjectRole: 'リーダー', StartDate: '2025-06-01', EndDate: '2026-01-31' },
        { ProjectId: 'P-2025-01', Upn: u('moka2'), ProjectRole: 'メンバー', StartDate: '2025-06-01', EndDate: '2026-01-31' },
      ],
      Evaluations: [{ ProjectId: 'P-2025-01', Upn: upn, Perspective: 'メンバー', Score: 4, EvaluatorUpn: u('moka2') }],
    },
    TODAY,
  );
  if (snapshot.issues.length > 0) throw new Error(`fixture rows do not parse: ${JSON.stringify(snapshot.issues)}`);
  return progressOf(snapshot, upn, TODAY);
}

/** What the reminder job plans for a person today, with the programme's policy and an empty ledger. */
export function reminderOf(person: PersonProgress, today: LocalDate = TODAY): PlannedReminder {
  const { programme } = setagaya();
  const plan = planReminders([person], { ...programme.reminders, undatedEveryDays: programme.reminders.undatedEveryDays || 30 }, today, {
    sentKeys: new Set(),
    lastSent: new Map(),
    mutedUntil: new Map(),
  });
  const reminder = plan[0];
  if (!reminder) throw new Error(`no reminder for ${person.upn} on ${today}`);
  return reminder;
}

/** The digest of 総務部, counted from everyone's evaluation the way the tab's programme view counts. */
export function digestOf(department: string, previousCompletionRate?: number): DigestCardData {
  const { programme, snapshot } = setagaya();
  return digestIn(programme, snapshot, department, previousCompletionRate);
}

/** The digest of a department of any programme's world, as of TODAY. */
export function digestIn(programme: Programme, snapshot: Snapshot, department: string, previousCompletionRate?: number): DigestCardData {
  const people = evaluateEveryone(snapshot, TODAY).filter((p) => p.department === department);
  const withSteps = programme.roles.filter((r) => r.steps.length > 0);
  const roles = withSteps.map((role) => {
    const holders = people.map((p) => p.roles.find((r) => r.role === role.id)).filter((r) => r !== undefined);
    return {
      role: role.id,
      label: role.label,
      holders: holders.length,
      none: holders.filter((h) => h.stepsReached === 0).length,
      steps: role.steps.map((s, i) => ({ step: s.id, label: s.label, count: holders.filter((h) => h.stepsReached === i + 1).length })),
    };
  });
  const pending = new Map<string, { label: PersonProgress['nextActions'][number]['label']; count: number; overdue: number }>();
  for (const p of people) {
    for (const m of p.nextActions) {
      const key = m.courseId ?? m.label.ja;
      const entry = pending.get(key) ?? { label: m.label, count: 0, overdue: 0 };
      entry.count += 1;
      if (m.overdue) entry.overdue += 1;
      pending.set(key, entry);
    }
  }
  // 受講率 here: the share of people with nothing left for their next steps.
  const done = people.filter((p) => p.nextActions.length === 0).length;
  return {
    department,
    asOf: TODAY,
    fiscalYear: 2026,
    headcount: people.length,
    completionRate: people.length === 0 ? 0 : (100 * done) / people.length,
    previousCompletionRate,
    roles,
    topPending: [...pending.values()],
    tabUrl: TAB_URL,
  };
}

/** A nomination for 総務課 checked by the rules: 田中 (主事) is warned about (原則 副係長・主任); a second leader is refused (seat taken) unless replacing. */
export function nominationCheck(nominee: string, replaces?: string): NominationCheck {
  const { programme, snapshot } = setagaya();
  return checkNomination(programme, snapshot, { nominatorUpn: u('kakari'), nominatorIsOffice: false, nomineeUpn: nominee, role: 'dx-leader', replacesUpn: replaces, asOf: TODAY });
}

/** The 総務課 form: DX推進リーダー is taken by 高橋 (1/1), every member a candidate. */
export function formFor(section = '総務課'): { roles: NominationFormRole[]; candidates: Array<{ upn: string; name: string; grade: string }> } {
  const { programme, snapshot } = setagaya();
  const role = programme.roles.find((r) => r.id === 'dx-leader')!;
  const holders = snapshot.records.roles.filter((r) => r.role === role.id && (r.section ?? snapshot.staffByUpn.get(r.upn)?.section) === section);
  return {
    roles: [
      {
        id: role.id,
        label: role.label,
        seatsUsed: holders.length,
        seatsTotal: role.nomination?.seatsPerSection,
        holders: holders.map((h) => ({ upn: h.upn, name: snapshot.staffByUpn.get(h.upn)?.name ?? h.upn })),
      },
    ],
    candidates: snapshot.staff.filter((s) => s.section === section && s.active).map((s) => ({ upn: s.upn, name: s.name, grade: s.gradeText })),
  };
}

/** The pending nomination of 加藤 (人事課 主事, nominated by the 課長, decided by the 部長) as the tab's API shows it. */
export function pendingNomination(): NominationView & { id: string } {
  const { programme, snapshot } = setagaya();
  const scope: Scope = { caller: { upn: u('bucho'), office: true }, office: true, sections: [] };
  const view = nominationsView(programme, snapshot, scope, 'pending')[0];
  if (!view) throw new Error('no pending nomination in the fixture');
  return { ...view, id: view.id ?? 'nomination-17' };
}

/**
 * A preset's programme with one person per role as of TODAY (a grade role through the grade, the
 * others through a Roles item), in 総務部 総務課: what every card shows of that programme.
 */
export function presetWorld(id: PresetId): { programme: Programme; snapshot: Snapshot; people: PersonProgress[] } {
  const programme = preset(id);
  const holderOf = (role: Role, i: number): { staff: Record<string, unknown>; roles: Array<Record<string, unknown>> } => {
    const upn = u(`${id}-${i}`);
    const grade = programme.grades.find((g) => role.assignment === 'grade' && role.grades.includes(g.id)) ?? programme.grades.find((g) => !g.manages);
    const staff = staffRow(upn, { Title: `職員 ${i + 1}`, Grade: grade?.label.ja ?? '主事' });
    return { staff, roles: role.assignment === 'grade' || role.assignment === 'all' ? [] : [{ Upn: upn, Role: role.id, StartDate: '2026-04-01', Source: '推薦' }] };
  };
  const holders = programme.roles.map(holderOf);
  const snapshot = world(programme, { Staff: holders.map((h) => h.staff), Roles: holders.flatMap((h) => h.roles) }, TODAY);
  if (snapshot.issues.length > 0) throw new Error(`${id}: fixture rows do not parse: ${JSON.stringify(snapshot.issues)}`);
  return { programme, snapshot, people: holders.map((h) => progressOf(snapshot, String(h.staff.Upn), TODAY)) };
}

export { PRESET_IDS };
