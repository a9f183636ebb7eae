import iconv from 'iconv-lite';
import type { ListName } from '../domain/lists';
import { decodeCsv, encodeCsv, formatCsv, parseCsv, readListCsv as readLazily } from './csv-codec';

/** readListCsv with its rows read out (they come lazily; reading them completes the issues). */
function readListCsv(list: ListName, bytes: Uint8Array) {
  const raw = readLazily(list, bytes);
  const rows = [...raw.rows];
  return { ...raw, rows };
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const withBom = (text: string): Uint8Array => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
/** Excel's "Unicode テキスト": UTF-16LE with BOM, tab-separated. */
const utf16le = (text: string): Uint8Array => new Uint8Array([0xff, 0xfe, ...iconv.encode(text, 'utf16le')]);
/** Excel's "CSV (コンマ区切り)" on Japanese Windows. */
const shiftJis = (text: string): Uint8Array => new Uint8Array(iconv.encode(text, 'cp932'));

const HOW_TO_SAVE_UTF8 = 'Excel では「名前を付けて保存」→ ファイルの種類「CSV UTF-8 (コンマ区切り) (*.csv)」で保存し直してください。';

describe('parseCsv', () => {
  it('reads quoted fields with commas, "" escapes and line breaks, numbering each record by the line it starts on', () => {
    const text = ['Title,Upn', '"山田, 太郎",a@x.jp', '"He said ""hi""",b@x.jp', '"two', 'lines",c@x.jp', 'plain,d@x.jp'].join('\n');
    expect(parseCsv(text).records).toEqual([
      { line: 1, cells: ['Title', 'Upn'] },
      { line: 2, cells: ['山田, 太郎', 'a@x.jp'] },
      { line: 3, cells: ['He said "hi"', 'b@x.jp'] },
      { line: 4, cells: ['two\nlines', 'c@x.jp'] },
      { line: 6, cells: ['plain', 'd@x.jp'] },
    ]);
  });

  it('counts a CRLF inside quotes as one line and keeps it in the value', () => {
    const text = 'a,b\r\n1,"x\r\ny\r\nz"\r\n2,w\r\n';
    expect(parseCsv(text).records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x\r\ny\r\nz'] },
      { line: 5, cells: ['2', 'w'] },
    ]);
  });

  it('reads CRLF line ends without leaving \\r in the last cell', () => {
    expect(parseCsv('a,b\r\n1,2\r\n3,\r\n').records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
      { line: 3, cells: ['3', ''] },
    ]);
  });

  it('reads CR-only line ends (Excel for Mac "CSV (Macintosh)")', () => {
    expect(parseCsv('a,b\r1,"x\ry"\r2,3\r').records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x\ry'] },
      { line: 4, cells: ['2', '3'] },
    ]);
  });

  it('skips blank lines but keeps counting them', () => {
    expect(parseCsv('a\n\n1\n\n\n2').records).toEqual([
      { line: 1, cells: ['a'] },
      { line: 3, cells: ['1'] },
      { line: 6, cells: ['2'] },
    ]);
  });

  it('keeps empty cells, leading and trailing', () => {
    expect(parseCsv('a,b,c\n,x,\n').records[1]).toEqual({ line: 2, cells: ['', 'x', ''] });
  });

  it('keeps text after a closing quote, as Excel does', () => {
    expect(parseCsv('a,b\n"x" y,2\n').records[1]!.cells).toEqual(['x y', '2']);
  });

  it('recognises tab-separated text by its header, and then keeps commas in values', () => {
    expect(parseCsv('氏名\tUPN\n山田, 太郎\ta@x.jp\n').records).toEqual([
      { line: 1, cells: ['氏名', 'UPN'] },
      { line: 2, cells: ['山田, 太郎', 'a@x.jp'] },
    ]);
  });

  it('reads a large LF-only file in one pass, numbering its last line right', () => {
    // Each cell's end is found without rescanning the rest of the file (a \r that never comes).
    const rows = ['Upn,CourseId,CompletedOn'];
    for (let i = 0; i < 100_000; i++) rows.push(`u${i}@x.jp,c${i % 7},2025-04-01`);
    const parsed = parseCsv(rows.join('\n'));
    expect(parsed.records).toHaveLength(100_001);
    expect(parsed.records[100_000]).toEqual({ line: 100_001, cells: ['u99999@x.jp', 'c4', '2025-04-01'] });
  });

  it('gives up only the line of a quote that never closes, and reads on from the next line', () => {
    const parsed = parseCsv('a,b\n1,2\n3,"open\n4,5\n6,7\n');
    expect(parsed.records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
      { line: 4, cells: ['4', '5'] },
      { line: 5, cells: ['6', '7'] },
    ]);
    expect(parsed.damaged).toEqual([3]);
  });

  it('gives up only the line of a stray quote that pairs with a later one, whose quotes it would turn inside out', () => {
    const parsed = parseCsv('a,b\n1,"open\n2,"x, y"\n3,"z"\n');
    expect(parsed.records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 3, cells: ['2', 'x, y'] },
      { line: 4, cells: ['3', 'z'] },
    ]);
    expect(parsed.damaged).toEqual([2]);
  });

  it('reads a separator named on an Excel "sep=" first line, numbering the header as line 2', () => {
    expect(parseCsv('sep=;\r\na;b\r\n1,5;2\r\n').records).toEqual([
      { line: 2, cells: ['a', 'b'] },
      { line: 3, cells: ['1,5', '2'] },
    ]);
  });
});

describe('decodeCsv', () => {
  it('reads UTF-8 with and without BOM, and drops the BOM', () => {
    expect(decodeCsv(utf8('氏名,UPN'))).toEqual({ ok: true, text: '氏名,UPN', encoding: 'utf-8' });
    expect(decodeCsv(withBom('氏名,UPN'))).toEqual({ ok: true, text: '氏名,UPN', encoding: 'utf-8-bom' });
  });

  it('reads UTF-16 without a BOM, little- and big-endian, by the NULs of its ASCII header', () => {
    const le = decodeCsv(new Uint8Array(iconv.encode('Upn\tTitle\r\na@x.jp\t山田', 'utf16le')));
    expect(le).toEqual({ ok: true, text: 'Upn\tTitle\r\na@x.jp\t山田', encoding: 'utf-16le' });
    const be = decodeCsv(new Uint8Array(iconv.encode('Upn\tTitle', 'utf16-be')));
    expect(be).toEqual({ ok: true, text: 'Upn\tTitle', encoding: 'utf-16be' });
  });

  it('reads UTF-16LE with BOM', () => {
    expect(decodeCsv(utf16le('氏名\tUPN\r\n'))).toEqual({ ok: true, text: '氏名\tUPN\r\n', encoding: 'utf-16le' });
  });

  it('reads Excel Shift_JIS (CP932), including its vendor characters 髙 and ①', () => {
    expect(decodeCsv(shiftJis('氏名,UPN\r\n髙橋①,a@x.jp\r\n'))).toEqual({ ok: true, text: '氏名,UPN\r\n髙橋①,a@x.jp\r\n', encoding: 'shift_jis' });
  });

  it('reads half-width katakana in Shift_JIS (kana names from older HR systems)', () => {
    expect(decodeCsv(shiftJis('氏名,カナ\r\n山田,ﾔﾏﾀﾞ ﾀﾛｳ\r\n'))).toMatchObject({ ok: true, text: '氏名,カナ\r\n山田,ﾔﾏﾀﾞ ﾀﾛｳ\r\n' });
  });

  it('refuses EUC-JP instead of reading it as half-width katakana, and says how to save as UTF-8', () => {
    const result = decodeCsv(new Uint8Array(iconv.encode('氏名,UPN\n山田太郎,a@x.jp\n', 'euc-jp')));
    expect(result).toEqual({ ok: false, reason: `文字コードが EUC-JP のようです（UTF-8 でも Shift_JIS でもありません）。${HOW_TO_SAVE_UTF8}` });
  });

  it('refuses bytes that are neither UTF-8 nor Shift_JIS, and says how to save as UTF-8', () => {
    const result = decodeCsv(new Uint8Array(iconv.encode('Title,Upn\nMüller,a@x.jp\n', 'latin1')));
    expect(result).toEqual({ ok: false, reason: `文字コードを判別できません（UTF-8 でも Shift_JIS でもありません）。${HOW_TO_SAVE_UTF8}` });
  });
});

describe('readListCsv', () => {
  const STAFF_HEADER = 'Title,Upn,Department,Section,Grade';

  it('reads a header of Japanese display names as the internal names', () => {
    const list = readListCsv('Staff', utf8('氏名,UPN,職員番号,部,課,職層,在職\n山田 太郎,a@x.jp,001,総務部,総務課,主事,TRUE\n'));
    expect(list.issues).toEqual([]);
    expect(list.columns).toEqual(['Title', 'Upn', 'EmployeeNumber', 'Department', 'Section', 'Grade', 'Active']);
    expect(list.rows).toEqual([
      { row: 2, fields: { Title: '山田 太郎', Upn: 'a@x.jp', EmployeeNumber: '001', Department: '総務部', Section: '総務課', Grade: '主事', Active: 'TRUE' } },
    ]);
  });

  it('matches header names regardless of case, spaces and width', () => {
    const list = readListCsv('Completions', utf8(' upn ,ＣｏｕｒｓｅＩｄ,受講日\na@x.jp,literacy,2026-05-10\n'));
    expect(list.issues).toEqual([]);
    expect(list.rows[0]!.fields).toEqual({ Upn: 'a@x.jp', CourseId: 'literacy', CompletedOn: '2026-05-10' });
  });

  it('reads Excel\'s tab-separated UTF-16 ("Unicode テキスト") with a Japanese header', () => {
    const list = readListCsv('Completions', utf16le('UPN\t研修ID\t受講日\r\na@x.jp\tliteracy\t2026/5/10\r\nb@x.jp\tsecurity\t令和8年6月1日\r\n'));
    expect(list.issues).toEqual([]);
    expect(list.rows).toEqual([
      { row: 2, fields: { Upn: 'a@x.jp', CourseId: 'literacy', CompletedOn: '2026/5/10' } },
      { row: 3, fields: { Upn: 'b@x.jp', CourseId: 'security', CompletedOn: '令和8年6月1日' } },
    ]);
  });

  it('reads a Shift_JIS file and notes it, with the way to save as UTF-8', () => {
    const list = readListCsv('Staff', shiftJis(`${STAFF_HEADER}\r\n髙橋 一郎,a@x.jp,総務部,総務課,主事\r\n`));
    expect(list.rows).toEqual([{ row: 2, fields: { Title: '髙橋 一郎', Upn: 'a@x.jp', Department: '総務部', Section: '総務課', Grade: '主事' } }]);
    expect(list.issues).toEqual([
      {
        list: 'Staff',
        code: 'FILE.SHIFT_JIS',
        reason: expect.stringContaining(HOW_TO_SAVE_UTF8),
        effect: 'note',
      },
    ]);
  });

  it('skips a file it cannot decode, as a whole, with the reason', () => {
    const list = readListCsv('Staff', new Uint8Array(iconv.encode(`${STAFF_HEADER}\nMüller,a@x.jp,総務部,総務課,主事\n`, 'latin1')));
    expect(list.rows).toEqual([]);
    expect(list.issues).toEqual([{ list: 'Staff', code: 'FILE.ENCODING', reason: expect.stringContaining(HOW_TO_SAVE_UTF8), effect: 'listSkipped', rows: 1 }]);
  });

  it('skips the list when a required column is missing, naming it in both languages', () => {
    const list = readListCsv('Staff', utf8('Title,Upn,Department,Section\n山田,a@x.jp,総務部,総務課\n'));
    expect(list.rows).toEqual([]);
    expect(list.issues).toEqual([
      { list: 'Staff', row: 1, code: 'FILE.MISSING_COLUMN', reason: '必須の列がありません: Grade（職層）。このリストは読み込みませんでした（データ 1 行）', effect: 'listSkipped', rows: 1 },
    ]);
  });

  it('notes an unknown column and reads the rest', () => {
    const list = readListCsv('Staff', utf8(`${STAFF_HEADER},備考\n山田,a@x.jp,総務部,総務課,主事,産休明け\n`));
    expect(list.issues).toEqual([
      { list: 'Staff', row: 1, column: '備考', code: 'FILE.UNKNOWN_COLUMN', reason: '不明な列「備考」は読み飛ばしました（6列目）', effect: 'note' },
    ]);
    expect(list.rows[0]!.fields).toEqual({ Title: '山田', Upn: 'a@x.jp', Department: '総務部', Section: '総務課', Grade: '主事' });
  });

  it('reads the first of two columns that mean the same thing (Upn and UPN) and notes the second', () => {
    const list = readListCsv('Staff', utf8('Title,Upn,Department,Section,Grade,UPN\n山田,a@x.jp,総務部,総務課,主事,old@x.jp\n'));
    expect(list.rows[0]!.fields.Upn).toBe('a@x.jp');
    expect(list.issues).toEqual([
      { list: 'Staff', row: 1, column: 'UPN', code: 'FILE.DUPLICATE_COLUMN', reason: '列「UPN」（6列目）は2列目と同じ列 Upn を指すため読み飛ばしました', effect: 'note' },
    ]);
  });

  it('skips a row with more cells than the header, with its line, and keeps the rows around it', () => {
    const list = readListCsv('Staff', utf8(`${STAFF_HEADER}\n山田,a@x.jp,総務部,総務課,主事\n佐藤,b@x.jp,総務部,総務課,係長,主事\n鈴木,c@x.jp,総務部,総務課,主事\n`));
    expect(list.rows.map((r) => [r.row, r.fields.Upn])).toEqual([
      [2, 'a@x.jp'],
      [4, 'c@x.jp'],
    ]);
    expect(list.issues).toEqual([
      {
        list: 'Staff',
        row: 3,
        code: 'ROW.COLUMN_COUNT',
        reason: '列の数（6）が見出し（5）より多いため読めません。カンマを含む値が引用符 " で囲まれていない可能性があります',
        effect: 'rowSkipped',
      },
    ]);
  });

  it('reads a row padded with empty trailing cells, and a short row with its missing cells empty', () => {
    const list = readListCsv('Staff', utf8(`${STAFF_HEADER}\n山田,a@x.jp,総務部,総務課,主事,,\n佐藤,b@x.jp,総務部\n`));
    expect(list.issues).toEqual([]);
    expect(list.rows).toEqual([
      { row: 2, fields: { Title: '山田', Upn: 'a@x.jp', Department: '総務部', Section: '総務課', Grade: '主事' } },
      { row: 3, fields: { Title: '佐藤', Upn: 'b@x.jp', Department: '総務部', Section: '', Grade: '' } },
    ]);
  });

  it('passes over rows of empty cells (",,,,") that hold nothing', () => {
    const list = readListCsv('Staff', utf8(`${STAFF_HEADER}\n山田,a@x.jp,総務部,総務課,主事\n,,,,\n , ,,,\n`));
    expect(list.issues).toEqual([]);
    expect(list.rows).toHaveLength(1);
  });

  it('reports an unterminated quote at the line it began, keeping the rows before and after it', () => {
    const list = readListCsv('Staff', utf8(`${STAFF_HEADER}\n山田,a@x.jp,総務部,総務課,主事\n"佐藤,b@x.jp,総務部,総務課,主事\n鈴木,c@x.jp,総務部,総務課,主事\n`));
    expect(list.rows.map((r) => r.fields.Upn)).toEqual(['a@x.jp', 'c@x.jp']);
    expect(list.issues).toEqual([
      {
        list: 'Staff',
        row: 3,
        code: 'ROW.UNTERMINATED_QUOTE',
        reason: '引用符 " が閉じられていないため、この行を読めませんでした（値を " で囲むときは閉じる " も書き、値の中の " は "" と書きます）。4行目から読み直しました',
        effect: 'rowSkipped',
      },
    ]);
  });

  it('skips an empty file, or one holding only a BOM', () => {
    for (const bytes of [utf8(''), withBom(''), utf8('\r\n\r\n')]) {
      expect(readListCsv('Staff', bytes)).toEqual({
        columns: [],
        rows: [],
        issues: [{ list: 'Staff', code: 'FILE.EMPTY', reason: 'ファイルが空です（見出し行がありません）', effect: 'listSkipped' }],
      });
    }
  });
});

describe('formatCsv and encodeCsv', () => {
  it('write what readListCsv reads back unchanged: commas, quotes, line breaks, edge spaces', () => {
    const header = ['Upn', 'Kind', 'Date', 'Title'];
    const rows = [
      ['a@x.jp', 'mentoring', '2026-05-10', '講師, 研修 "DX入門"'],
      ['b@x.jp', 'mentoring', '2026-05-11', '二行の\r\n内容'],
      ['c@x.jp', 'mentoring', '2026-05-12', ' 前後に空白 '],
      ['d@x.jp', 'mentoring', '2026-05-13', undefined],
    ];
    const bytes = encodeCsv(formatCsv(header, rows));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const list = readListCsv('Contributions', bytes);
    expect(list.issues).toEqual([]);
    expect(list.rows.map((r) => r.fields.Title)).toEqual(['講師, 研修 "DX入門"', '二行の\r\n内容', ' 前後に空白 ', '']);
    expect(list.rows.map((r) => r.row)).toEqual([2, 3, 5, 6]);
  });
});
