import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { ListName } from '../domain/lists';
import { parseRecords } from '../domain/record-parser';
import type { DataQualityIssue, IssueEffect, RawLists } from '../domain/records';
import { tallyRows } from '../domain/row-tally';
import { programmeFromFile } from '../../tests/helpers/world';
import { readListCsv } from './csv-codec';

/**
 * Every kind of malformed CSV we know of, read the way an evaluation reads it (bytes → readListCsv
 * → parseRecords). Each case says what the report must say, how many rows the file holds as a person
 * would count them, and how many become records; the tally must add up to the file's rows — a
 * refused row or file is counted, never lost silently.
 */
const programme = programmeFromFile(join(__dirname, '..', '..', 'tests', 'fixtures', 'example-programme.yaml'));
const TODAY = '2026-11-23';
const A = 'a@city.example.jp';
const B = 'b@city.example.jp';
const C = 'c@city.example.jp';
const STAFF = ['Title,Upn,Department,Section,Grade', `山田 太郎,${A},総務部,総務課,主事`, `佐藤 花子,${B},総務部,総務課,係長`, `鈴木 一郎,${C},企画部,企画課,主任`];
const COMPLETIONS = 'Upn,CourseId,CompletedOn,Hours';
const CONTRIBUTIONS = 'Upn,Kind,Date,Title';
const HOW_TO_SAVE_UTF8 = '「CSV UTF-8 (コンマ区切り) (*.csv)」で保存し直してください';

const crlf = (lines: string[]): string => lines.join('\r\n') + '\r\n';
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const encoded = (text: string, encoding: string): Uint8Array => new Uint8Array(iconv.encode(text, encoding));

/** What a case expects of one issue: where, what kind, what happened, and words the reason must hold. */
type Expected = [row: number | undefined, code: string, effect: IssueEffect, says?: string];

interface Case {
  name: string;
  list: ListName;
  bytes: Uint8Array;
  /** Data rows in the file as a person counts them (blank lines and rows of empty cells hold nothing). */
  rows: number;
  /** Rows that must become records. */
  read: number;
  issues: Expected[];
}

const lines = (list: ListName, name: string, rows: number, read: number, text: string[], issues: Expected[]): Case => ({
  name,
  list,
  bytes: utf8(crlf(text)),
  rows,
  read,
  issues,
});

const cases: Case[] = [
  // ---- quotes -----------------------------------------------------------------------------------
  lines('Completions', 'an opening quote that never closes: one line refused, the rest read', 4, 3,
    [COMPLETIONS, `${A},literacy,2026-05-10,`, `${B},"literacy,2026-05-10,`, `${C},literacy,2026-05-11,`, `${A},security,2026-05-12,`],
    [[3, 'ROW.UNTERMINATED_QUOTE', 'rowSkipped', '4行目から読み直しました']]),
  lines('Contributions', 'a stray quote pairing with the next quoted value, which would turn every later quote inside out', 4, 3,
    [CONTRIBUTIONS, `${A},mentoring,2026-05-10,"OJT, 窓口"`, `${B},mentoring,2026-05-11,"新人指導`, `${C},mentoring,2026-05-12,"研修, 講師"`, `${A},mentoring,2026-05-13,"勉強会"`],
    [[3, 'ROW.UNTERMINATED_QUOTE', 'rowSkipped', '4行目から読み直しました']]),
  lines('Completions', 'an unterminated quote on the last line', 2, 1,
    [COMPLETIONS, `${A},literacy,2026-05-10,`, `${B},literacy,"2026-05-10,`],
    [[3, 'ROW.UNTERMINATED_QUOTE', 'rowSkipped', 'と書きます）']]),
  lines('Completions', 'two stray quotes around a line break in a date (a date cannot hold one): both lines refused', 3, 1,
    [COMPLETIONS, `${A},literacy,"2026-05-10,`, `${B},literacy,2026-05-11,"`, `${C},literacy,2026-05-12,`],
    [[2, 'ROW.UNTERMINATED_QUOTE', 'rowSkipped', '3行目から読み直しました'], [3, 'ROW.UNTERMINATED_QUOTE', 'rowSkipped', '4行目から読み直しました']]),
  lines('Completions', 'a quote in the header: the file is refused whole, with its row count', 3, 0,
    [`Upn,"CourseId,CompletedOn,Hours`, `${A},literacy,2026-05-10,`, `${B},literacy,2026-05-10,`, `${C},literacy,2026-05-10,`],
    [[1, 'FILE.HEADER_QUOTE', 'listSkipped', 'データ 3 行は読み込んでいません']]),
  lines('Contributions', 'a value over two lines, quoted properly, is one row', 2, 2,
    [CONTRIBUTIONS, `${A},mentoring,2026-06-01,"新人の指導`, `（2か月）"`, `${B},mentoring,2026-06-02,x`],
    []),
  lines('Contributions', 'text after a closing quote on the same line is kept, as Excel does', 1, 1,
    [CONTRIBUTIONS, `${A},mentoring,2026-06-01,"OJT" 窓口`],
    []),
  lines('Contributions', 'a whole row wrapped in quotes (one cell): refused for its UPN', 2, 1,
    [CONTRIBUTIONS, `"${A},mentoring,2026-06-01,OJT"`, `${B},mentoring,2026-06-02,x`],
    [[2, 'VALUE.UPN', 'rowSkipped'], [2, 'VALUE.REQUIRED', 'rowSkipped'], [2, 'VALUE.REQUIRED', 'rowSkipped']]),

  // ---- cells and lines --------------------------------------------------------------------------
  lines('Completions', 'more cells than the header (an unquoted comma)', 3, 2,
    [COMPLETIONS, `${A},literacy,2026-05-10,`, `${B},literacy,2026-05-10,1,5`, `${C},literacy,2026-05-11,`],
    [[3, 'ROW.COLUMN_COUNT', 'rowSkipped', '列の数（5）が見出し（4）より多い']]),
  lines('Completions', 'fewer cells than the header: the missing required cell is reported', 2, 1,
    [COMPLETIONS, `${A},literacy,2026-05-10,`, `${B},literacy`],
    [[3, 'VALUE.REQUIRED', 'rowSkipped', '必須項目「受講日」（CompletedOn）が空欄です']]),
  lines('Completions', 'blank lines, white space and rows of empty cells hold nothing and are not rows', 2, 2,
    [COMPLETIONS, '', `${A},literacy,2026-05-10,`, ',,,', '   ', ' , , , ', `${B},literacy,2026-05-10,`, ''],
    []),
  lines('Completions', 'empty cells padding a row (Excel\'s used range) are harmless', 1, 1,
    [COMPLETIONS, `${A},literacy,2026-05-10,,,,`],
    []),
  {
    name: 'LF, CRLF and CR line ends mixed in one file',
    list: 'Completions',
    bytes: utf8(`${COMPLETIONS}\n${A},literacy,2026-05-10,\r\n${B},literacy,2026-05-10,\r${C},literacy,2026-05-10,`),
    rows: 3,
    read: 3,
    issues: [],
  },
  lines('Completions', 'the header again in the middle (two exports joined)', 3, 2,
    [COMPLETIONS, `${A},literacy,2026-05-10,`, COMPLETIONS, `${B},literacy,2026-05-10,`],
    [[3, 'ROW.REPEATED_HEADER', 'rowSkipped', 'ファイルをつなげた跡']]),
  lines('Completions', 'the header again with its own BOM (two UTF-8 files joined)', 3, 2,
    [COMPLETIONS, `${A},literacy,2026-05-10,`, `\ufeff${COMPLETIONS}`, `${B},literacy,2026-05-10,`],
    [[3, 'ROW.REPEATED_HEADER', 'rowSkipped']]),
  lines('Completions', 'Excel\'s "sep=," line before the header', 1, 1, ['sep=,', COMPLETIONS, `${A},literacy,2026-05-10,`], []),
  lines('Completions', 'semicolons without a "sep=" line (a European Excel): refused whole, with its row count', 2, 0,
    ['Upn;CourseId;CompletedOn;Hours', `${A};literacy;2026-05-10;`, `${B};literacy;2026-05-10;`],
    [[1, 'FILE.UNKNOWN_COLUMN', 'note'], [1, 'FILE.MISSING_COLUMN', 'listSkipped', '（データ 2 行）']]),
  {
    name: 'no line break after the last row',
    list: 'Completions',
    bytes: utf8(`${COMPLETIONS}\r\n${A},literacy,2026-05-10,`),
    rows: 1,
    read: 1,
    issues: [],
  },

  // ---- header -----------------------------------------------------------------------------------
  lines('Completions', 'a header of Japanese display names', 1, 1, ['UPN,研修ID,受講日,時間', `${A},DXリテラシー研修,2026/5/10,2`], []),
  lines('Completions', 'a missing required column: refused whole, with its row count', 2, 0,
    ['Upn,CourseId,Hours', `${A},literacy,2`, `${B},literacy,2`],
    [[1, 'FILE.MISSING_COLUMN', 'listSkipped', 'CompletedOn（受講日）。このリストは読み込みませんでした（データ 2 行）']]),
  lines('Completions', 'an unknown column is noted and every row read', 1, 1,
    [`${COMPLETIONS},備考`, `${A},literacy,2026-05-10,,再受講`],
    [[1, 'FILE.UNKNOWN_COLUMN', 'note', '不明な列「備考」']]),
  lines('Completions', 'two columns meaning the same thing: the first is read', 1, 1,
    [`${COMPLETIONS},UPN`, `${A},literacy,2026-05-10,,${B}`],
    [[1, 'FILE.DUPLICATE_COLUMN', 'note']]),
  lines('Contributions', 'a free-text column the list does not know may run over lines', 1, 1,
    [`${CONTRIBUTIONS},備考`, `${A},mentoring,2026-06-01,OJT,"一行目`, `二行目"`],
    [[1, 'FILE.UNKNOWN_COLUMN', 'note']]),
  { name: 'an empty file', list: 'Completions', bytes: utf8(''), rows: 0, read: 0, issues: [[undefined, 'FILE.EMPTY', 'listSkipped']] },
  { name: 'a header and nothing else', list: 'Completions', bytes: utf8(`${COMPLETIONS}\r\n`), rows: 0, read: 0, issues: [] },

  // ---- encodings --------------------------------------------------------------------------------
  {
    name: 'Excel\'s Shift_JIS (CP932) is read and noted',
    list: 'Contributions',
    bytes: encoded(crlf([CONTRIBUTIONS, `${A},後進の指導,2026-06-01,髙橋さんの指導①`]), 'cp932'),
    rows: 1,
    read: 1,
    issues: [[undefined, 'FILE.SHIFT_JIS', 'note']],
  },
  {
    name: 'EUC-JP is refused whole, with its row count and how to save as UTF-8',
    list: 'Contributions',
    bytes: encoded(crlf([CONTRIBUTIONS, `${A},後進の指導,2026-06-01,ｻｳﾅﾄ`, `${B},後進の指導,2026-06-02,山田`]), 'euc-jp'),
    rows: 2,
    read: 0,
    issues: [[undefined, 'FILE.ENCODING', 'listSkipped', 'データ 2 行は読み込んでいません']],
  },
  {
    name: 'Latin-1 is refused whole, with its row count',
    list: 'Contributions',
    bytes: encoded(crlf([CONTRIBUTIONS, `${A},mentoring,2026-06-01,Müller`, '', `${B},mentoring,2026-06-02,Jörg`]), 'latin1'),
    rows: 2,
    read: 0,
    issues: [[undefined, 'FILE.ENCODING', 'listSkipped', HOW_TO_SAVE_UTF8]],
  },
  {
    name: 'UTF-8 with one damaged byte: only the row holding it is refused',
    list: 'Contributions',
    bytes: (() => {
      const good = utf8(crlf([CONTRIBUTIONS, `${A},後進の指導,2026-06-01,新人職員への指導`, `${B},後進の指導,2026-06-02,窓口の業務改善`, `${C},後進の指導,2026-06-03,庁内勉強会の講師`]));
      const at = good.indexOf(0x0a, good.indexOf(0x0a) + 1) + 1 + `${B},`.length;
      return new Uint8Array([...good.subarray(0, at), 0xff, ...good.subarray(at)]);
    })(),
    rows: 3,
    read: 2,
    issues: [[3, 'ROW.ENCODING', 'rowSkipped', '文字化け']],
  },
  {
    name: 'Excel\'s "Unicode テキスト" (UTF-16LE, tab-separated)',
    list: 'Completions',
    bytes: new Uint8Array([0xff, 0xfe, ...iconv.encode('UPN\t研修ID\t受講日\r\n' + `${A}\tliteracy\t2026/5/10\r\n`, 'utf16le')]),
    rows: 1,
    read: 1,
    issues: [],
  },
  {
    name: 'UTF-8 with a BOM and CRLF (what Excel\'s "CSV UTF-8" writes)',
    list: 'Completions',
    bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(crlf([COMPLETIONS, `${A},literacy,2026-05-10,`]))]),
    rows: 1,
    read: 1,
    issues: [],
  },

  // ---- values -----------------------------------------------------------------------------------
  lines('Completions', 'Excel serial dates (a date column that lost its format) are read, with one note', 3, 3,
    [COMPLETIONS, `${A},literacy,45017,`, `${B},literacy,45383.375,`, `${C},literacy,2026-05-10,`],
    [[2, 'VALUE.EXCEL_SERIAL_DATE', 'note', '「受講日」（CompletedOn）の 2 行が Excel の日付シリアル値でした（45017 → 2023-04-01 など）']]),
  lines('Completions', 'a date that does not exist', 2, 1,
    [COMPLETIONS, `${A},literacy,2024/13/40,`, `${B},literacy,2026-05-10,`],
    [[2, 'VALUE.DATE', 'rowSkipped', '存在しない日付です: "2024/13/40"']]),
  lines('Completions', 'an Excel error value where a date should be', 2, 1,
    [COMPLETIONS, `${A},literacy,#VALUE!,`, `${B},literacy,2026-05-10,`],
    [[2, 'VALUE.DATE', 'rowSkipped', '日付として読めません: "#VALUE!"']]),
  lines('Completions', 'a completion dated after today', 2, 1,
    [COMPLETIONS, `${A},literacy,2027-01-15,`, `${B},literacy,2026-05-10,`],
    [[2, 'VALUE.FUTURE_DATE', 'rowSkipped', '受講日が未来の日付です: 2027-01-15']]),
  lines('Qualifications', 'a qualification acquired after today is refused, not kept undated', 2, 1,
    ['Upn,Qualification,AcquiredOn', `${A},ITパスポート,2027-01-15`, `${B},ITパスポート,`],
    [[2, 'VALUE.FUTURE_DATE', 'rowSkipped', '取得日が未来の日付です: 2027-01-15']]),
  lines('SkillLevels', 'a skill assessed after today is refused, not kept undated', 2, 1,
    ['Upn,Skill,Level,AssessedOn', `${A},data,2,R9.1.15`, `${B},data,1,2026-06-01`],
    [[2, 'VALUE.FUTURE_DATE', 'rowSkipped', '評価日が未来の日付です: 2027-01-15']]),
  lines('Completions', 'full-width digits, letters and ー in a date are read', 1, 1,
    [COMPLETIONS, `ａ＠ｃｉｔｙ．ｅｘａｍｐｌｅ．ｊｐ,literacy,２０２６ー０５ー１０,２時間`],
    []),
  lines('Completions', 'a person not in the Staff list', 2, 1,
    [COMPLETIONS, `x@city.example.jp,literacy,2026-05-10,`, `${A},literacy,2026-05-10,`],
    [[2, 'REF.UNKNOWN_UPN', 'rowSkipped']]),
  lines('Completions', 'an address pasted with its separator (a@…;)', 2, 1,
    [COMPLETIONS, `${A};,literacy,2026-05-10,`, `${B},literacy,2026-05-10,`],
    [[2, 'VALUE.UPN', 'rowSkipped', 'UPN（メールアドレス形式）として読めません']]),
  lines('Completions', 'a NUL character in a UPN', 2, 1,
    [COMPLETIONS, `${A}\u0000,literacy,2026-05-10,`, `${B},literacy,2026-05-10,`],
    [[2, 'VALUE.UPN', 'rowSkipped']]),
  lines('Completions', 'a course in neither the Courses list nor the programme', 2, 1,
    [COMPLETIONS, `${A},dx-literacy,2026-05-10,`, `${B},literacy,2026-05-10,`],
    [[2, 'REF.UNKNOWN_COURSE', 'rowSkipped']]),
  lines('Completions', 'the same row twice', 2, 1,
    [COMPLETIONS, `${A},literacy,2026-05-10,`, `${A},literacy,2026-05-10,`],
    [[3, 'DUPLICATE.ROW', 'rowSkipped']]),
  lines('Completions', 'a negative number of hours is ignored, the row kept', 1, 1,
    [COMPLETIONS, `${A},literacy,2026-05-10,-2`],
    [[2, 'VALUE.OUT_OF_RANGE', 'valueIgnored', '負の値です: -2']]),
  lines('Completions', 'three unreadable cells in one row are three issues but one refused row', 2, 1,
    [COMPLETIONS, 'nobody,dx-literacy,2024/13/40,', `${A},literacy,2026-05-10,`],
    [[2, 'VALUE.UPN', 'rowSkipped'], [2, 'REF.UNKNOWN_COURSE', 'rowSkipped'], [2, 'VALUE.DATE', 'rowSkipped']]),
  lines('Evaluations', 'a score out of range', 1, 0,
    ['ProjectId,Upn,Perspective,Score', `P1,${A},member,7`],
    [[2, 'VALUE.OUT_OF_RANGE', 'rowSkipped', '評点が範囲外です: 7（1〜5）']]),
];

const BASE: Partial<Record<ListName, string[]>> = {
  Staff: STAFF,
  Projects: ['ProjectId,Title,FiscalYear,StartDate,EndDate,ReportScore', 'P1,窓口DX,2026,2026-04-01,2026-09-30,4'],
  ProjectMembers: ['ProjectId,Upn,ProjectRole', `P1,${A},leader`],
};

function read(c: Case) {
  const lists: RawLists = {};
  for (const [list, text] of Object.entries(BASE) as Array<[ListName, string[]]>) if (list !== c.list) lists[list] = readListCsv(list, utf8(crlf(text)));
  lists[c.list] = readListCsv(c.list, c.bytes);
  const { records, issues } = parseRecords(programme, lists, TODAY);
  return { records, issues, tally: tallyRows(records, issues).find((t) => t.list === c.list) ?? { list: c.list, rows: 0, read: 0, refused: 0 } };
}

const shown = (i: DataQualityIssue): Expected => [i.row, i.code, i.effect];

describe('the CSV corpus: every malformed input is reported, and the rows add up', () => {
  it('has at least thirty kinds of malformed input', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$name', (c) => {
    const { issues, tally } = read(c);
    // Only the list under test has findings: the lists around it read cleanly.
    expect(issues.filter((i) => i.list !== c.list)).toEqual([]);
    expect(issues.map(shown)).toEqual(c.issues.map(([row, code, effect]) => [row, code, effect]));
    c.issues.forEach(([, , , says], n) => {
      if (says) expect(issues[n]!.reason).toContain(says);
      // Every finding names its row and says why in Japanese; file-level ones may have no row.
      expect(issues[n]!.reason).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    });
    // The counts add up: rows read + rows refused = the rows in the file, as a person counts them.
    expect(tally).toEqual({ list: c.list, rows: c.rows, read: c.read, refused: c.rows - c.read });
  });
});
