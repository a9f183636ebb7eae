import { join } from 'node:path';
import iconv from 'iconv-lite';
import { readListCsv } from '../csv/csv-codec';
import { programmeFromFile } from '../../tests/helpers/world';
import type { ListName } from './lists';
import { parseRecords, type ParseResult } from './record-parser';
import type { DataQualityIssue, RawLists, Records } from './records';

/**
 * Malformed rows go through the real path: CSV text → bytes → readListCsv → parseRecords with the
 * worked example programme. Every bad row must be reported with its CSV line and a Japanese reason,
 * and every good row around it must still be read.
 */
const programme = programmeFromFile(join(__dirname, '..', '..', 'tests', 'fixtures', 'example-programme.yaml'));
const TODAY = '2026-11-23';

type Files = Partial<Record<ListName, string[] | Uint8Array>>;

const utf8 = (lines: string[]): Uint8Array => new TextEncoder().encode(lines.join('\r\n') + '\r\n');

/** The lists every case starts from; all of them read without a single issue. */
const BASE: Record<'Staff' | 'Projects' | 'ProjectMembers', string[]> = {
  Staff: [
    'Title,Upn,Department,Section,Grade',
    '山田 太郎,a@city.example.jp,総務部,総務課,主事',
    '佐藤 花子,b@city.example.jp,総務部,総務課,係長',
    '鈴木 一郎,c@city.example.jp,企画部,企画課,主任',
  ],
  Projects: ['ProjectId,Title,FiscalYear,StartDate,EndDate,ReportScore', 'P1,窓口DX,2026,2026-04-01,2026-09-30,4', 'P2,電子申請,2025,2025-04-01,2026-03-31,3'],
  ProjectMembers: [
    'ProjectId,Upn,ProjectRole',
    'P1,a@city.example.jp,leader',
    'P1,b@city.example.jp,member',
    'P2,c@city.example.jp,メンバー',
  ],
};

function parse(files: Files, today = TODAY): ParseResult {
  const lists: RawLists = {};
  for (const [list, content] of Object.entries({ ...BASE, ...files }) as Array<[ListName, string[] | Uint8Array]>) {
    lists[list] = readListCsv(list, content instanceof Uint8Array ? content : utf8(content));
  }
  return parseRecords(programme, lists, today);
}

/** One line per record, to see which rows were read. */
function keys(list: ListName, records: Records): string[] {
  switch (list) {
    case 'Staff':
      return records.staff.map((s) => `${s.upn} ${s.grade ?? '-'}`);
    case 'Roles':
      return records.roles.map((r) => `${r.upn} ${r.role} ${r.start}`);
    case 'Courses':
      return records.courses.map((c) => `${c.courseId} ${c.hours ?? '-'}`);
    case 'Completions':
      return records.completions.map((c) => `${c.upn} ${c.courseId} ${c.completedOn} ${c.hours ?? '-'}`);
    case 'Projects':
      return records.projects.map((p) => `${p.projectId} ${p.fiscalYear} ${p.reportScore ?? '-'}`);
    case 'ProjectMembers':
      return records.projectMembers.map((m) => `${m.projectId} ${m.upn} ${m.projectRole}`);
    case 'Evaluations':
      return records.evaluations.map((e) => `${e.projectId} ${e.upn} ${e.perspective} ${e.score}`);
    case 'Qualifications':
      return records.qualifications.map((q) => `${q.upn} ${q.qualification}`);
    case 'Contributions':
      return records.contributions.map((c) => `${c.upn} ${c.kind} ${c.date}`);
    case 'SkillLevels':
      return records.skillLevels.map((s) => `${s.upn} ${s.skill} ${s.level}`);
    case 'Nominations':
      return records.nominations.map((n) => `${n.nomineeUpn} ${n.role} ${n.status}`);
    case 'Submissions':
      return records.submissions.map((x) => `${x.subjectUpn} ${x.fact.kind} ${x.status}`);
  }
}

const A = 'a@city.example.jp';
const B = 'b@city.example.jp';
const C = 'c@city.example.jp';

interface RowCase {
  name: string;
  list: ListName;
  /** Header and rows of the list under test; line 1 is the header. */
  lines: string[];
  /** The one issue this file must produce. */
  issue: DataQualityIssue;
  /** Every record the list must still yield. */
  kept: string[];
}

const COMPLETIONS = 'Upn,CourseId,CompletedOn,Hours';
const EVALUATIONS = 'ProjectId,Upn,Perspective,Score,EvaluatorUpn';
const MEMBERS = 'ProjectId,Upn,ProjectRole,StartDate,EndDate';

const rowCases: RowCase[] = [
  {
    name: 'a UPN that is not in the Staff list',
    list: 'Completions',
    lines: [COMPLETIONS, `${A},literacy,2026-05-10,`, 'x@city.example.jp,literacy,2026-05-10,', `${B},literacy,2026-05-11,`],
    issue: { list: 'Completions', row: 3, column: 'Upn', value: 'x@city.example.jp', code: 'REF.UNKNOWN_UPN', reason: '職員リストにない UPN です: "x@city.example.jp"', effect: 'rowSkipped' },
    kept: [`${A} literacy 2026-05-10 -`, `${B} literacy 2026-05-11 -`],
  },
  {
    name: 'a malformed UPN',
    list: 'Completions',
    lines: [COMPLETIONS, `${A},literacy,2026-05-10,`, 'b@city,literacy,2026-05-10,', `${B},literacy,2026-05-11,`],
    issue: { list: 'Completions', row: 3, column: 'Upn', value: 'b@city', code: 'VALUE.UPN', reason: 'UPN（メールアドレス形式）として読めません: "b@city"', effect: 'rowSkipped' },
    kept: [`${A} literacy 2026-05-10 -`, `${B} literacy 2026-05-11 -`],
  },
  {
    name: 'a UPN with a trailing comma left from an address list (quoted, so the CSV is well formed)',
    list: 'Completions',
    lines: [COMPLETIONS, `${A},literacy,2026-05-10,`, `"${B},",literacy,2026-05-10,`, `${C},literacy,2026-05-11,`],
    issue: { list: 'Completions', row: 3, column: 'Upn', value: `${B},`, code: 'VALUE.UPN', reason: `UPN（メールアドレス形式）として読めません: "${B},"`, effect: 'rowSkipped' },
    kept: [`${A} literacy 2026-05-10 -`, `${C} literacy 2026-05-11 -`],
  },
  {
    name: 'a course that is neither in the programme nor in the Courses list',
    list: 'Completions',
    lines: [COMPLETIONS, `${A},literacy,2026-05-10,`, `${A},dx-literacy,2026-05-10,`, `${A},security,2026-05-11,`],
    issue: { list: 'Completions', row: 3, column: 'CourseId', value: 'dx-literacy', code: 'REF.UNKNOWN_COURSE', reason: '研修リストにもプログラムにもない研修IDです: "dx-literacy"', effect: 'rowSkipped' },
    kept: [`${A} literacy 2026-05-10 -`, `${A} security 2026-05-11 -`],
  },
  {
    name: 'an impossible date 2024/13/40',
    list: 'Completions',
    lines: [COMPLETIONS, `${A},literacy,2026-05-10,`, `${B},literacy,2024/13/40,`, `${C},literacy,2026-05-11,`],
    issue: { list: 'Completions', row: 3, column: 'CompletedOn', value: '2024/13/40', code: 'VALUE.DATE', reason: '存在しない日付です: "2024/13/40"', effect: 'rowSkipped' },
    kept: [`${A} literacy 2026-05-10 -`, `${C} literacy 2026-05-11 -`],
  },
  {
    name: 'a date that is not a date',
    list: 'Completions',
    lines: [COMPLETIONS, `${A},literacy,2026-05-10,`, `${B},literacy,先週,`, `${C},literacy,2026-05-11,`],
    issue: {
      list: 'Completions',
      row: 3,
      column: 'CompletedOn',
      value: '先週',
      code: 'VALUE.DATE',
      reason: '日付として読めません: "先週"（例: 2024-04-01、令和6年4月1日）',
      effect: 'rowSkipped',
    },
    kept: [`${A} literacy 2026-05-10 -`, `${C} literacy 2026-05-11 -`],
  },
  {
    name: 'a completion date in the future',
    list: 'Completions',
    lines: [COMPLETIONS, `${A},literacy,2026-05-10,`, `${B},literacy,2027-01-15,`, `${C},literacy,${TODAY},`],
    issue: { list: 'Completions', row: 3, column: 'CompletedOn', value: '2027-01-15', code: 'VALUE.FUTURE_DATE', reason: '受講日が未来の日付です: 2027-01-15', effect: 'rowSkipped' },
    kept: [`${A} literacy 2026-05-10 -`, `${C} literacy ${TODAY} -`],
  },
  {
    name: 'an empty required cell',
    list: 'Completions',
    lines: [COMPLETIONS, `${A},literacy,2026-05-10,`, `${B},literacy, ,`, `${C},literacy,2026-05-11,`],
    issue: { list: 'Completions', row: 3, column: 'CompletedOn', code: 'VALUE.REQUIRED', reason: '必須項目「受講日」（CompletedOn）が空欄です', effect: 'rowSkipped' },
    kept: [`${A} literacy 2026-05-10 -`, `${C} literacy 2026-05-11 -`],
  },
  {
    name: 'a duplicate row (the second is left out)',
    list: 'Completions',
    lines: [COMPLETIONS, `${A},literacy,2026-05-10,`, `${A},literacy,2026/5/10,`, `${B},literacy,2026-05-11,`],
    issue: { list: 'Completions', row: 3, code: 'DUPLICATE.ROW', reason: `同じ受講記録が重複しています（${A}、literacy、2026-05-10）`, effect: 'rowSkipped' },
    kept: [`${A} literacy 2026-05-10 -`, `${B} literacy 2026-05-11 -`],
  },
  {
    name: 'negative hours (the row is kept, the hours ignored)',
    list: 'Completions',
    lines: [COMPLETIONS, `${A},bpr-workshop,2026-05-10,8`, `${B},bpr-workshop,2026-05-10,-2`, `${C},bpr-workshop,2026-05-11,４`],
    issue: { list: 'Completions', row: 3, column: 'Hours', value: '-2', code: 'VALUE.OUT_OF_RANGE', reason: '負の値です: -2', effect: 'valueIgnored' },
    kept: [`${A} bpr-workshop 2026-05-10 8`, `${B} bpr-workshop 2026-05-10 -`, `${C} bpr-workshop 2026-05-11 4`],
  },
  {
    name: 'hours that are not a number (the row is kept, the hours ignored)',
    list: 'Completions',
    lines: [COMPLETIONS, `${A},bpr-workshop,2026-05-10,8`, `${B},bpr-workshop,2026-05-10,半日`],
    issue: { list: 'Completions', row: 3, column: 'Hours', value: '半日', code: 'VALUE.NUMBER', reason: '数値として読めません: "半日"', effect: 'valueIgnored' },
    kept: [`${A} bpr-workshop 2026-05-10 8`, `${B} bpr-workshop 2026-05-10 -`],
  },
  {
    name: 'a grade the programme does not know (the person is kept, the grade ignored)',
    list: 'Staff',
    lines: [BASE.Staff[0]!, `山田 太郎,${A},総務部,総務課,主事`, `佐藤 花子,${B},総務部,総務課,技監補佐`, `鈴木 一郎,${C},企画部,企画課,主事補`],
    issue: { list: 'Staff', row: 3, column: 'Grade', value: '技監補佐', code: 'REF.UNKNOWN_GRADE', reason: 'プログラムに定義のない職層です: "技監補佐"', effect: 'valueIgnored' },
    kept: [`${A} shuji`, `${B} -`, `${C} shuji`],
  },
  {
    name: 'a staff UPN given twice, in another case (the first row is used)',
    list: 'Staff',
    lines: [BASE.Staff[0]!, `山田 太郎,${A},総務部,総務課,主事`, '山田 太郎,A@City.Example.JP,企画部,企画課,主任', `佐藤 花子,${B},総務部,総務課,係長`, `鈴木 一郎,${C},企画部,企画課,主任`],
    issue: { list: 'Staff', row: 3, column: 'Upn', value: A, code: 'DUPLICATE.ROW', reason: `UPN "${A}" が重複しています（先に出てきた行を使います）`, effect: 'rowSkipped' },
    kept: [`${A} shuji`, `${B} kakaricho`, `${C} shunin`],
  },
  {
    name: 'an Active cell that is not yes or no (the person is kept, taken as active)',
    list: 'Staff',
    lines: ['Title,Upn,Department,Section,Grade,Active', `山田 太郎,${A},総務部,総務課,主事,TRUE`, `佐藤 花子,${B},総務部,総務課,係長,たぶん`, `鈴木 一郎,${C},企画部,企画課,主任,在職`],
    issue: {
      list: 'Staff',
      row: 3,
      column: 'Active',
      value: 'たぶん',
      code: 'VALUE.INVALID',
      reason: 'はい/いいえとして読めません: "たぶん"（TRUE/FALSE、はい/いいえ、1/0 のいずれか）',
      effect: 'valueIgnored',
    },
    kept: [`${A} shuji`, `${B} kakaricho`, `${C} shunin`],
  },
  {
    name: 'an end date before the start date',
    list: 'Projects',
    lines: [BASE.Projects[0]!, BASE.Projects[1]!, 'P3,庁内チャット,2026,2026-10-01,2026-06-30,', BASE.Projects[2]!],
    issue: { list: 'Projects', row: 3, column: 'EndDate', value: '2026-06-30', code: 'VALUE.DATE_ORDER', reason: '終了日 2026-06-30 が開始日 2026-10-01 より前です', effect: 'rowSkipped' },
    kept: ['P1 2026 4', 'P2 2025 3'],
  },
  {
    name: 'a fiscal year that is not one',
    list: 'Projects',
    lines: [BASE.Projects[0]!, BASE.Projects[1]!, 'P3,庁内チャット,来年度,,,', BASE.Projects[2]!, 'P4,RPA,令和8年度,,,', 'P5,AI議事録,2026年度,,,'],
    issue: {
      list: 'Projects',
      row: 3,
      column: 'FiscalYear',
      value: '来年度',
      code: 'VALUE.FISCAL_YEAR',
      reason: '年度として読めません: "来年度"（例: 2024、R6、令和6年度）',
      effect: 'rowSkipped',
    },
    kept: ['P1 2026 4', 'P2 2025 3', 'P4 2026 -', 'P5 2026 -'],
  },
  {
    name: 'a report score outside the scale (the project is kept, the score ignored)',
    list: 'Projects',
    lines: [BASE.Projects[0]!, BASE.Projects[1]!, 'P3,庁内チャット,2026,,,6', BASE.Projects[2]!],
    issue: { list: 'Projects', row: 3, column: 'ReportScore', value: '6', code: 'VALUE.OUT_OF_RANGE', reason: '報告会評価が範囲外です: 6（1〜5）', effect: 'valueIgnored' },
    kept: ['P1 2026 4', 'P3 2026 -', 'P2 2025 3'],
  },
  {
    name: 'a project id that is not in the Projects list',
    list: 'ProjectMembers',
    lines: [MEMBERS, `P1,${A},leader,,`, `P9,${B},member,,`, `P2,${C},member,,`],
    issue: { list: 'ProjectMembers', row: 3, column: 'ProjectId', value: 'P9', code: 'REF.UNKNOWN_PROJECT', reason: 'DX案件リストにない案件IDです: "P9"', effect: 'rowSkipped' },
    kept: [`P1 ${A} leader`, `P2 ${C} member`],
  },
  {
    name: 'a project role that is neither leader nor member',
    list: 'ProjectMembers',
    lines: [MEMBERS, `P1,${A},リーダー,,`, `P1,${B},オブザーバー,,`, `P2,${C},Member,,`],
    issue: {
      list: 'ProjectMembers',
      row: 3,
      column: 'ProjectRole',
      value: 'オブザーバー',
      code: 'REF.UNKNOWN_PROJECT_ROLE',
      reason: '案件での立場が読めません: "オブザーバー"（leader/リーダー または member/メンバー）',
      effect: 'rowSkipped',
    },
    kept: [`P1 ${A} leader`, `P2 ${C} member`],
  },
  {
    name: 'a membership that ends before it starts',
    list: 'ProjectMembers',
    lines: [MEMBERS, `P1,${A},leader,2026-04-01,2026-09-30`, `P1,${B},member,2026-09-01,2026-05-01`, `P2,${C},member,,`],
    issue: { list: 'ProjectMembers', row: 3, column: 'EndDate', value: '2026-05-01', code: 'VALUE.DATE_ORDER', reason: '終了日 2026-05-01 が開始日 2026-09-01 より前です', effect: 'rowSkipped' },
    kept: [`P1 ${A} leader`, `P2 ${C} member`],
  },
  {
    name: 'an evaluation score out of range',
    list: 'Evaluations',
    lines: [EVALUATIONS, `P1,${A},member,4,${B}`, `P1,${B},幹部職員,7,${C}`, `P1,${B},一般職員,５,${A}`],
    issue: { list: 'Evaluations', row: 3, column: 'Score', value: '7', code: 'VALUE.OUT_OF_RANGE', reason: '評点が範囲外です: 7（1〜5）', effect: 'rowSkipped' },
    kept: [`P1 ${A} member 4`, `P1 ${B} member 5`],
  },
  {
    name: 'an evaluation perspective the programme does not know',
    list: 'Evaluations',
    lines: [EVALUATIONS, `P1,${A},member,4,`, `P1,${A},外部委員,4,`, `P1,${A},幹部職員,3,`],
    issue: {
      list: 'Evaluations',
      row: 3,
      column: 'Perspective',
      value: '外部委員',
      code: 'REF.UNKNOWN_PERSPECTIVE',
      reason: 'プログラムに定義のない評価の観点です: "外部委員"',
      effect: 'rowSkipped',
    },
    kept: [`P1 ${A} member 4`, `P1 ${A} executive 3`],
  },
  {
    name: 'an evaluation of someone who is not a member of the project',
    list: 'Evaluations',
    lines: [EVALUATIONS, `P1,${A},member,4,`, `P1,${C},member,4,`, `P2,${C},member,4,`],
    issue: { list: 'Evaluations', row: 3, column: 'Upn', value: C, code: 'REF.NOT_A_MEMBER', reason: '案件 P1 のメンバーではない職員への評価です', effect: 'rowSkipped' },
    kept: [`P1 ${A} member 4`, `P2 ${C} member 4`],
  },
  {
    name: 'a role or certification the programme does not define',
    list: 'Roles',
    lines: ['Upn,Role,StartDate,EndDate', `${A},DX推進リーダー,2026-04-01,`, `${B},DX推進員,2026-04-01,`, `${C},adviser,令和7年4月1日,`],
    issue: { list: 'Roles', row: 3, column: 'Role', value: 'DX推進員', code: 'REF.UNKNOWN_ROLE', reason: 'プログラムに定義のない役割・認定です: "DX推進員"', effect: 'rowSkipped' },
    kept: [`${A} dx-leader 2026-04-01`, `${C} adviser 2025-04-01`],
  },
  {
    name: 'a qualification the programme does not define',
    list: 'Qualifications',
    lines: ['Upn,Qualification,AcquiredOn', `${A},iパス,2025-06-01`, `${B},基本情報技術者,2025-06-01`, `${C},ITパスポート,`],
    issue: {
      list: 'Qualifications',
      row: 3,
      column: 'Qualification',
      value: '基本情報技術者',
      code: 'REF.UNKNOWN_QUALIFICATION',
      reason: 'プログラムに定義のない資格です: "基本情報技術者"',
      effect: 'rowSkipped',
    },
    kept: [`${A} it-passport`, `${C} it-passport`],
  },
  {
    // Not "held, date unknown": a qualification acquired after today is not held at all.
    name: 'a qualification acquired after today',
    list: 'Qualifications',
    lines: ['Upn,Qualification,AcquiredOn', `${A},iパス,2025-06-01`, `${B},ITパスポート,2027-01-15`, `${C},ITパスポート,`],
    issue: { list: 'Qualifications', row: 3, column: 'AcquiredOn', value: '2027-01-15', code: 'VALUE.FUTURE_DATE', reason: '取得日が未来の日付です: 2027-01-15', effect: 'rowSkipped' },
    kept: [`${A} it-passport`, `${C} it-passport`],
  },
  {
    name: 'a skill assessed after today',
    list: 'SkillLevels',
    lines: ['Upn,Skill,Level,AssessedOn,Assessor', `${A},データ利活用,1,2026-06-01,`, `${B},データ利活用,2,令和9年1月15日,`, `${C},data,1,,`],
    issue: { list: 'SkillLevels', row: 3, column: 'AssessedOn', value: '令和9年1月15日', code: 'VALUE.FUTURE_DATE', reason: '評価日が未来の日付です: 2027-01-15', effect: 'rowSkipped' },
    kept: [`${A} data 1`, `${C} data 1`],
  },
  {
    name: 'a contribution kind the programme does not define',
    list: 'Contributions',
    lines: ['Upn,Kind,Date,Title', `${A},後進の指導,2026-06-01,OJT`, `${B},講師,2026-06-01,研修講師`, `${C},mentoring,2026-07-01,`],
    issue: {
      list: 'Contributions',
      row: 3,
      column: 'Kind',
      value: '講師',
      code: 'REF.UNKNOWN_CONTRIBUTION_KIND',
      reason: 'プログラムに定義のない貢献の種別です: "講師"',
      effect: 'rowSkipped',
    },
    kept: [`${A} mentoring 2026-06-01`, `${C} mentoring 2026-07-01`],
  },
  {
    name: 'a skill level outside the scale',
    list: 'SkillLevels',
    lines: ['Upn,Skill,Level,AssessedOn,Assessor', `${A},データ利活用,1,2026-06-01,`, `${B},データ利活用,4,2026-06-01,`, `${C},data,２,2026-06-01,${B}`],
    issue: { list: 'SkillLevels', row: 3, column: 'Level', value: '4', code: 'VALUE.OUT_OF_RANGE', reason: 'レベルが範囲外です: 4（0〜3）', effect: 'rowSkipped' },
    kept: [`${A} data 1`, `${C} data 2`],
  },
  {
    name: 'a skill that is not in the skill map',
    list: 'SkillLevels',
    lines: ['Upn,Skill,Level', `${A},データ利活用,1`, `${B},プログラミング,2`],
    issue: { list: 'SkillLevels', row: 3, column: 'Skill', value: 'プログラミング', code: 'REF.UNKNOWN_SKILL', reason: 'スキルマップにないスキルです: "プログラミング"', effect: 'rowSkipped' },
    kept: [`${A} data 1`],
  },
  {
    name: 'a nomination status that is not one',
    list: 'Nominations',
    lines: [
      'NomineeUpn,Role,Section,NominatedByUpn,ApproverUpn,Status,RequestedAt',
      `${A},dx-leader,総務課,${B},${B},承認待ち,2026-04-10T09:00:00+09:00`,
      `${C},dx-leader,企画課,${B},${B},保留,2026-04-10T09:00:00+09:00`,
    ],
    issue: { list: 'Nominations', row: 3, column: 'Status', value: '保留', code: 'VALUE.INVALID', reason: '推薦の状態が読めません: "保留"', effect: 'rowSkipped' },
    kept: [`${A} dx-leader pending`],
  },
  {
    name: 'a row with more cells than the header (an unquoted comma)',
    list: 'Completions',
    lines: [COMPLETIONS, `${A},literacy,2026-05-10,`, `${B},literacy,2026-05-10,2,5`, `${C},literacy,2026-05-11,`],
    issue: {
      list: 'Completions',
      row: 3,
      code: 'ROW.COLUMN_COUNT',
      reason: '列の数（5）が見出し（4）より多いため読めません。カンマを含む値が引用符 " で囲まれていない可能性があります',
      effect: 'rowSkipped',
    },
    kept: [`${A} literacy 2026-05-10 -`, `${C} literacy 2026-05-11 -`],
  },
  {
    name: 'an unknown extra column (noted; every row read)',
    list: 'Completions',
    lines: [`${COMPLETIONS},備考`, `${A},literacy,2026-05-10,,`, `${B},literacy,2026-05-11,,再受講`],
    issue: { list: 'Completions', row: 1, column: '備考', code: 'FILE.UNKNOWN_COLUMN', reason: '不明な列「備考」は読み飛ばしました（5列目）', effect: 'note' },
    kept: [`${A} literacy 2026-05-10 -`, `${B} literacy 2026-05-11 -`],
  },
];

describe('parseRecords: malformed rows, read from CSV files', () => {
  it('reads the base lists without a single issue', () => {
    const { records, issues } = parse({});
    expect(issues).toEqual([]);
    expect(keys('Staff', records)).toEqual([`${A} shuji`, `${B} kakaricho`, `${C} shunin`]);
    expect(keys('ProjectMembers', records)).toEqual([`P1 ${A} leader`, `P1 ${B} member`, `P2 ${C} member`]);
  });

  it.each(rowCases)('reports $name with its line and reason, and reads the rows around it', ({ list, lines, issue, kept }) => {
    const { records, issues } = parse({ [list]: lines });
    expect(issues).toEqual([issue]);
    expect(keys(list, records)).toEqual(kept);
    // The lists the case did not touch lose nothing either.
    if (list !== 'Staff') expect(records.staff).toHaveLength(3);
    if (list !== 'Projects') expect(records.projects).toHaveLength(2);
  });

  it('reads 令和5年4月1日 and full-width digits as the dates they are, without an issue', () => {
    const { records, issues } = parse({
      Completions: [
        COMPLETIONS,
        `${A},literacy,令和5年4月1日,`,
        `${B},literacy,２０２６－０５－１０,２`,
        `${C},literacy,R6.4.1,`,
        `ｃ＠ｃｉｔｙ．ｅｘａｍｐｌｅ．ｊｐ,security,令和元年5月1日,`,
      ],
    });
    expect(issues).toEqual([]);
    expect(keys('Completions', records)).toEqual([
      `${A} literacy 2023-04-01 -`,
      `${B} literacy 2026-05-10 2`,
      `${C} literacy 2024-04-01 -`,
      `${C} security 2019-05-01 -`,
    ]);
  });

  it('reads Excel serial dates (45017) with one note per column saying how many rows had them', () => {
    const { records, issues } = parse({
      Completions: [COMPLETIONS, `${A},literacy,45017,`, `${B},literacy,2026-05-10,`, `${C},literacy,45383.375,`, `${A},security,46000,`],
      Roles: ['Upn,Role,StartDate', `${A},dx-leader,45748`],
    });
    expect(keys('Completions', records)).toEqual([
      `${A} literacy 2023-04-01 -`,
      `${B} literacy 2026-05-10 -`,
      `${C} literacy 2024-04-01 -`,
      `${A} security 2025-12-09 -`,
    ]);
    expect(keys('Roles', records)).toEqual([`${A} dx-leader 2025-04-01`]);
    expect(issues).toEqual([
      {
        list: 'Roles',
        row: 2,
        column: 'StartDate',
        value: '45748',
        code: 'VALUE.EXCEL_SERIAL_DATE',
        reason: '「開始日」（StartDate）が Excel の日付シリアル値でした（45748 → 2025-04-01）。日付として読みました。Excel で列の書式を「日付」に戻して保存し直してください',
        effect: 'note',
      },
      {
        list: 'Completions',
        row: 2,
        column: 'CompletedOn',
        value: '45017',
        code: 'VALUE.EXCEL_SERIAL_DATE',
        reason: '「受講日」（CompletedOn）の 3 行が Excel の日付シリアル値でした（45017 → 2023-04-01 など）。日付として読みました。Excel で列の書式を「日付」に戻して保存し直してください',
        effect: 'note',
      },
    ]);
  });

  it('refuses an Excel serial date after today like any other date', () => {
    const { issues } = parse({ Completions: [COMPLETIONS, `${A},literacy,46400,`] });
    expect(issues.map((i) => [i.code, i.effect, i.reason])).toEqual([
      ['VALUE.EXCEL_SERIAL_DATE', 'note', expect.stringContaining('46400 → 2027-01-13')],
      ['VALUE.FUTURE_DATE', 'rowSkipped', '受講日が未来の日付です: 2027-01-13'],
    ]);
  });

  it('numbers rows by CSV line, counting line breaks inside quoted cells', () => {
    const { records, issues } = parse({
      Contributions: ['Upn,Kind,Date,Title', `${A},mentoring,2026-06-01,"新人の指導`, `（2か月）"`, `${B},mentoring,2026-13-01,x`],
    });
    expect(issues).toEqual([
      { list: 'Contributions', row: 4, column: 'Date', value: '2026-13-01', code: 'VALUE.DATE', reason: '存在しない日付です: "2026-13-01"', effect: 'rowSkipped' },
    ]);
    expect(records.contributions.map((c) => c.title)).toEqual(['新人の指導\r\n（2か月）']);
  });

  it('reports every bad row of a file, not just the first, each with its own line', () => {
    const { records, issues } = parse({
      Completions: [
        COMPLETIONS,
        `${A},literacy,2026-05-10,`,
        'x@city.example.jp,literacy,2026-05-10,',
        `${A},dx-literacy,2026-05-10,`,
        `${B},literacy,2024/13/40,`,
        `${B},security,2026-06-01,`,
        `${C},literacy,2099-01-01,`,
      ],
    });
    expect(issues.map((i) => [i.row, i.code])).toEqual([
      [3, 'REF.UNKNOWN_UPN'],
      [4, 'REF.UNKNOWN_COURSE'],
      [5, 'VALUE.DATE'],
      [7, 'VALUE.FUTURE_DATE'],
    ]);
    expect(keys('Completions', records)).toEqual([`${A} literacy 2026-05-10 -`, `${B} security 2026-06-01 -`]);
  });

  it('reports each unreadable cell of one row, not just the first', () => {
    const { issues } = parse({ Completions: [COMPLETIONS, 'nobody,dx-literacy,2024/13/40,'] });
    expect(issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [2, 'Upn', 'VALUE.UPN'],
      [2, 'CourseId', 'REF.UNKNOWN_COURSE'],
      [2, 'CompletedOn', 'VALUE.DATE'],
    ]);
  });

  it('accepts a course that only the Courses list knows, and refuses one in neither', () => {
    const { records, issues } = parse({
      Courses: ['CourseId,Title,Category,Hours', 'rpa-basic,RPA基礎,実践,3'],
      Completions: [COMPLETIONS, `${A},rpa-basic,2026-05-10,`, `${A},RPA基礎,2026-06-10,`, `${A},rpa-advanced,2026-06-10,`],
    });
    expect(issues.map((i) => [i.row, i.code])).toEqual([[4, 'REF.UNKNOWN_COURSE']]);
    expect(keys('Completions', records)).toEqual([`${A} rpa-basic 2026-05-10 -`, `${A} rpa-basic 2026-06-10 -`]);
  });

  it('takes a nomination time written without an offset as JST, whatever zone the server runs in', () => {
    const { records, issues } = parse({
      Nominations: [
        'NomineeUpn,Role,Section,NominatedByUpn,ApproverUpn,Status,RequestedAt,DecidedAt',
        `${A},dx-leader,総務課,${B},${B},承認,2026-04-10 09:00,２０２６－０４－１５　１７：３０`,
        `${C},DX推進リーダー,企画課,${B},${B},承認待ち,2026-04-10T09:00:00Z,`,
        `${B},dx-leader,総務課,${B},${B},承認待ち,2026-02-30 09:00,`,
      ],
    });
    expect(records.nominations.map((n) => [n.requestedAt, n.decidedAt])).toEqual([
      ['2026-04-10T00:00:00.000Z', '2026-04-15T08:30:00.000Z'],
      ['2026-04-10T09:00:00.000Z', undefined],
    ]);
    expect(issues).toEqual([
      {
        list: 'Nominations',
        row: 4,
        column: 'RequestedAt',
        value: '2026-02-30 09:00',
        code: 'VALUE.DATE',
        reason: '日時として読めません: "2026-02-30 09:00"（例: 2026-04-01T09:00:00+09:00）',
        effect: 'rowSkipped',
      },
    ]);
  });

  it('tells the members of a project whose own row could not be read that the Projects row is the problem', () => {
    const { records, issues } = parse({
      Projects: [BASE.Projects[0]!, BASE.Projects[1]!, 'P3,庁内チャット,2026,2026-10-01,2026-06-30,'],
      ProjectMembers: [MEMBERS, `P1,${A},leader,,`, `P3,${B},member,,`],
    });
    expect(issues).toEqual([
      expect.objectContaining({ list: 'Projects', row: 3, code: 'VALUE.DATE_ORDER' }),
      {
        list: 'ProjectMembers',
        row: 3,
        column: 'ProjectId',
        value: 'P3',
        code: 'REF.UNKNOWN_PROJECT',
        reason: 'DX案件リストの行が読めなかった案件です（先に DX案件リストの行を直してください）: "P3"',
        effect: 'rowSkipped',
      },
    ]);
    expect(keys('ProjectMembers', records)).toEqual([`P1 ${A} leader`]);
  });
});

describe('parseRecords: whole files', () => {
  it('reads an Excel Shift_JIS file, with a note saying how to save as UTF-8, and loses no row', () => {
    const sjis = new Uint8Array(iconv.encode([...BASE.Staff, '髙橋 ①郎,d@city.example.jp,総務部,総務課,主事'].join('\r\n') + '\r\n', 'cp932'));
    const { records, issues } = parse({ Staff: sjis });
    expect(issues).toEqual([
      {
        list: 'Staff',
        code: 'FILE.SHIFT_JIS',
        reason: expect.stringMatching(/^Shift_JIS（Excel の「CSV \(コンマ区切り\)」）として読み込みました。.*「CSV UTF-8 \(コンマ区切り\) \(\*\.csv\)」で保存し直してください。$/),
        effect: 'note',
      },
    ]);
    expect(records.staff.map((s) => s.name)).toEqual(['山田 太郎', '佐藤 花子', '鈴木 一郎', '髙橋 ①郎']);
  });

  it.each([
    // These EUC-JP bytes are also valid Shift_JIS (山田 太郎 → ｻｳﾅﾄ ﾂﾀﾏｺ), so only recognising EUC-JP refuses them.
    ['EUC-JP', 'euc-jp', `山田 太郎,${A},総務課,総務課,係長\n佐藤 花子,${B},総務課,総務課,主任`, /^文字コードが EUC-JP のようです/],
    ['Latin-1', 'latin1', `Jörg Müller,${A},Soumu,Soumu,Shuji`, /^文字コードを判別できません（UTF-8 でも Shift_JIS でもありません）/],
  ])('refuses a %s file as a whole, saying how to save as UTF-8, and does not blame every other row for it', (_, encoding, rows, start) => {
    const bytes = new Uint8Array(iconv.encode(`${BASE.Staff[0]!}\n${rows}\n`, encoding));
    const { records, issues } = parse({ Staff: bytes, Completions: [COMPLETIONS, `${A},literacy,2026-05-10,`] });
    // The refusal says how many rows the file held: nothing lost goes uncounted.
    const rowsHeld = rows.split('\n').length;
    expect(issues).toEqual([{ list: 'Staff', code: 'FILE.ENCODING', reason: expect.stringMatching(start), effect: 'listSkipped', rows: rowsHeld }]);
    expect(issues[0]!.reason).toContain('「CSV UTF-8 (コンマ区切り) (*.csv)」で保存し直してください');
    expect(issues[0]!.reason).toContain(`（このファイルのデータ ${rowsHeld} 行は読み込んでいません）`);
    expect(records.staff).toEqual([]);
    // Without a Staff list the UPN cannot be checked; the row is not reported as an unknown person.
    expect(records.completions).toHaveLength(1);
  });

  it('skips a list with a missing required column, once, without flooding the lists that refer to it', () => {
    const { records, issues } = parse({
      Staff: ['Title,Upn,Department,Section', `山田 太郎,${A},総務部,総務課`],
      Completions: [COMPLETIONS, `${A},literacy,2026-05-10,`, `${B},security,2026-05-10,`],
    });
    expect(issues).toEqual([
      { list: 'Staff', row: 1, code: 'FILE.MISSING_COLUMN', reason: '必須の列がありません: Grade（職層）。このリストは読み込みませんでした（データ 1 行）', effect: 'listSkipped', rows: 1 },
    ]);
    expect(records.staff).toEqual([]);
    expect(records.completions).toHaveLength(2);
  });

  it('skips the Projects list with a missing column without reporting every member and evaluation', () => {
    const { records, issues } = parse({
      Projects: ['ProjectId,FiscalYear', 'P1,2026'],
      Evaluations: [EVALUATIONS, `P1,${A},member,4,`],
    });
    expect(issues).toEqual([expect.objectContaining({ list: 'Projects', code: 'FILE.MISSING_COLUMN', effect: 'listSkipped' })]);
    expect(records.projectMembers).toHaveLength(3);
    expect(records.evaluations).toHaveLength(1);
  });

  it('refuses the one line of an unterminated quote, reads on from the next, and says so', () => {
    const { records, issues } = parse({
      Completions: [COMPLETIONS, `${A},literacy,2026-05-10,`, `${B},"literacy,2026-05-10,`, `${C},literacy,2026-05-11,`, `${A},security,2026-05-12,`],
    });
    expect(issues).toEqual([
      {
        list: 'Completions',
        row: 3,
        code: 'ROW.UNTERMINATED_QUOTE',
        reason: '引用符 " が閉じられていないため、この行を読めませんでした（値を " で囲むときは閉じる " も書き、値の中の " は "" と書きます）。4行目から読み直しました',
        effect: 'rowSkipped',
      },
    ]);
    expect(keys('Completions', records)).toEqual([`${A} literacy 2026-05-10 -`, `${C} literacy 2026-05-11 -`, `${A} security 2026-05-12 -`]);
  });

  it('reads a file whose header is in Japanese like one in internal names', () => {
    const { records, issues } = parse({ Completions: ['UPN,研修ID,受講日,時間', `${A},DXリテラシー研修,2026/5/10,2`] });
    expect(issues).toEqual([]);
    expect(keys('Completions', records)).toEqual([`${A} literacy 2026-05-10 2`]);
  });
});

describe('フリガナ (TitleKana) in the Staff list', () => {
  const staff = (...rows: string[]): ParseResult => parse({ Staff: ['Title,TitleKana,Upn,Department,Section,Grade', ...rows] });

  it('reads katakana, hiragana and half-width katakana alike, kept as full-width katakana with one space', () => {
    const { records, issues } = staff(
      `山田 太郎,ヤマダ タロウ,${A},総務部,総務課,主事`,
      `佐藤 花子,さとう　はなこ,${B},総務部,総務課,係長`,
      `鈴木 一郎,ｽｽﾞｷ ｲﾁﾛｳ,${C},企画部,企画課,主任`,
    );
    expect(issues).toEqual([]);
    expect(records.staff.map((s) => s.kana)).toEqual(['ヤマダ タロウ', 'サトウ ハナコ', 'スズキ イチロウ']);
  });

  it('leaves a blank reading out without a word, and reports one that is not kana, keeping the person', () => {
    const { records, issues } = staff(`山田 太郎,,${A},総務部,総務課,主事`, `佐藤 花子,佐藤 花子,${B},総務部,総務課,係長`, `鈴木 一郎,Suzuki,${C},企画部,企画課,主任`);
    expect(records.staff.map((s) => [s.upn, s.kana])).toEqual([
      [A, undefined],
      [B, undefined],
      [C, undefined],
    ]);
    expect(issues).toEqual([
      { list: 'Staff', row: 3, column: 'TitleKana', value: '佐藤 花子', code: 'VALUE.NOT_KANA', reason: 'フリガナがカナではありません: "佐藤 花子"（ひらがな・カタカナで書いてください）', effect: 'valueIgnored' },
      { list: 'Staff', row: 4, column: 'TitleKana', value: 'Suzuki', code: 'VALUE.NOT_KANA', reason: 'フリガナがカナではありません: "Suzuki"（ひらがな・カタカナで書いてください）', effect: 'valueIgnored' },
    ]);
  });

  it('takes the Japanese header フリガナ as HR exports write it', () => {
    const { records, issues } = parse({ Staff: ['氏名,フリガナ,UPN,部,課,職層', `山田 太郎,ヤマダ タロウ,${A},総務部,総務課,主事`], ProjectMembers: ['ProjectId,Upn,ProjectRole'] });
    expect(issues).toEqual([]);
    expect(records.staff[0]!.kana).toBe('ヤマダ タロウ');
  });
});
