import { join } from 'node:path';
import { programmeFromFile, staffRow, world } from '../../tests/helpers/world';
import { applyRecordWrites } from './record-writes';
import { checkReport, confirmedFact, confirmerFor, mayConfirm, reportRule, sniffFileType, type ReportInput } from './reports';
import { parseRecords, parseSubmissionItem } from './record-parser';
import { submissionPayload } from './submissions';

/**
 * Reports by staff against the worked example's `reporting` (tests/fixtures/example-programme.yaml):
 * qualifications with a file, confirmed by the office; courses with a note, by the section manager
 * (literacy not reportable); contributions with a note; skills self-assessed, confirmed by nobody.
 */
const programme = programmeFromFile(join(__dirname, '..', '..', 'tests', 'fixtures', 'example-programme.yaml'));
const TODAY = '2026-11-23';
const A = 'a@city.example.jp';
const snapshot = world(programme, {
  Staff: [staffRow(A), staffRow('chief@city.example.jp', { Grade: '係長' }), staffRow('head@city.example.jp', { Grade: '課長' }), staffRow('other@city.example.jp', { Section: '企画課', Grade: '課長' })],
  Qualifications: [{ Upn: A, Qualification: 'it-passport', AcquiredOn: '2024-05-01' }],
  Completions: [{ Upn: A, CourseId: 'security', CompletedOn: '2026-06-01' }],
  Submissions: [{ Kind: '研修', SubjectUpn: A, Payload: JSON.stringify({ course: 'BPRワークショップ', completedOn: '2026-10-01', hours: 8 }), Status: '確認待ち', SubmittedAt: '2026-10-02T09:00:00+09:00' }],
});
const subject = snapshot.staffByUpn.get(A)!;
const PDF = new TextEncoder().encode('%PDF-1.7\n…');
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]);

const check = (input: Partial<ReportInput>, who = subject) => checkReport(programme, snapshot, who, { kind: 'course', item: 'bpr-workshop', date: '2026-11-01', note: '外部研修', ...input }, TODAY);
const errors = (input: Partial<ReportInput>): string[] => {
  const r = check(input);
  return r.ok ? [] : r.errors.map((e) => `${e.field} ${e.code} ${e.message.ja}`);
};

describe('checkReport', () => {
  it('reads the hand-typed pending report in Submissions (研修, 確認待ち, the course by its name)', () => {
    expect(snapshot.issues).toEqual([]);
    expect(snapshot.records.submissions).toEqual([
      expect.objectContaining({ subjectUpn: A, status: 'pending', fact: { kind: 'course', course: 'bpr-workshop', completedOn: '2026-10-01', hours: 8 } }),
    ]);
  });

  it('accepts a report with what its rule asks, naming items as people write them', () => {
    const r = check({ item: 'BPRワークショップ', date: '2026/11/1', hours: '８', note: '外部講座' });
    expect(r).toEqual({ ok: true, report: { fact: { kind: 'course', course: 'bpr-workshop', completedOn: '2026-11-01', hours: 8 }, rule: { allowed: true, evidence: 'note', confirmer: 'sectionManager' }, note: '外部講座' } });
    const q = checkReport(programme, snapshot, snapshot.staffByUpn.get('chief@city.example.jp'), { kind: 'qualification', item: 'iパス', date: '2026-10-01', certificateNumber: 'IP-123', file: { name: '../合格証.PDF', size: PDF.length, bytes: PDF } }, TODAY);
    expect(q.ok && q.report.fact).toEqual({ kind: 'qualification', qualification: 'it-passport', acquiredOn: '2026-10-01', certificateNumber: 'IP-123' });
    expect(q.ok && q.report.file).toMatchObject({ name: '合格証.pdf', contentType: 'application/pdf' });
    const s = checkReport(programme, snapshot, subject, { kind: 'skill', item: 'データ利活用', date: '2026-11-20', level: 2 }, TODAY);
    expect(s.ok && s.report.rule.confirmer).toBe('none');
  });

  it.each<[string, Partial<ReportInput>, string[]]>([
    ['an unknown kind', { kind: 'award' }, ['kind REPORT.KIND_UNKNOWN 「種別」が正しくありません: "award"（資格・研修の受講・貢献・スキルの自己評価）']],
    ['an unknown course', { item: 'no-such' }, ['item REPORT.ITEM_UNKNOWN 「研修」: プログラムにない研修です: "no-such"']],
    ['a course the office records', { item: 'literacy' }, ['item REPORT.NOT_ALLOWED 「DXリテラシー研修」は本人からの報告を受け付けていません（記録はプログラム事務局が取り込みます）']],
    ['a date in the future', { date: '2026-11-24' }, ['date REPORT.DATE_FUTURE 「受講日」が未来の日付です: 2026-11-24（今日は 2026-11-23）']],
    ['an unreadable date', { date: '2026-02-30' }, ['date REPORT.DATE_UNREADABLE 「受講日」が日付として読めません: "2026-02-30"（例: 2026-04-01）']],
    ['no date', { date: ' ' }, ['date REPORT.DATE_REQUIRED 「受講日」を入れてください']],
    ['hours that are not a number', { hours: 'たくさん' }, ['hours REPORT.HOURS_INVALID 「時間」は 0 より大きく 1000 以下の数で入れてください: "たくさん"']],
    ['no note where the rule asks for one', { note: '' }, ['note REPORT.NOTE_REQUIRED 「メモ」を入れてください（いつ・どこで・何を。確認する人が確かめられるように）']],
    ['the same completion already recorded', { item: 'security', date: '2026-06-01' }, ['item REPORT.ALREADY_RECORDED この日の受講はすでに記録されています']],
    ['the same report waiting', { date: '2026-10-01' }, ['item REPORT.ALREADY_PENDING 同じ報告が確認待ちです（2026-10-02 に報告）']],
    ['a level off the scale', { kind: 'skill', item: 'data', level: 7 }, ['level REPORT.LEVEL_INVALID 「レベル」は 0〜3 の整数で選んでください: "7"']],
    ['a contribution without what it was', { kind: 'contribution', item: 'mentoring', title: '' }, ['title REPORT.TITLE_REQUIRED 「内容」を入れてください（例: 新任研修の講師）']],
    ['a qualification already held', { kind: 'qualification', item: 'it-passport', file: { name: 'a.pdf', size: PDF.length, bytes: PDF } }, ['item REPORT.ALREADY_RECORDED この資格はすでに記録されています']],
    ['a qualification without its file', { kind: 'qualification', item: 'it-passport' }, ['file REPORT.FILE_REQUIRED 「ファイル」を添付してください（合格証・修了証など。PDF・PNG）']],
    ['a JPEG where PDF and PNG are allowed', { file: { name: 'a.pdf', size: JPEG.length, bytes: JPEG } }, ['file REPORT.FILE_TYPE 「ファイル」の形式が受け付けられません（PDF・PNG のファイルを選んでください）: a.pdf']],
    ['a file over the limit', { file: { name: 'big.png', size: 3 * 1024 * 1024, bytes: PNG } }, ['file REPORT.FILE_TOO_LARGE 「ファイル」が大きすぎます: 3 MB（2 MB まで）']],
  ])('refuses %s, naming the field', (_name, input, expected) => {
    expect(errors(input)).toEqual(expected);
  });

  it('reports every problem at once, with English for the English UI', () => {
    const r = check({ item: '', date: 'あした', note: '' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.field)).toEqual(['item', 'date', 'note']);
      expect(r.errors[1]!.message.en).toBe('Date completed is not a date: "あした" (e.g. 2026-04-01)');
    }
  });

  it('refuses someone not on the Staff list as active', () => {
    expect(checkReport(programme, snapshot, undefined, { kind: 'course', item: 'bpr-workshop', date: '2026-11-01' }, TODAY)).toMatchObject({ ok: false, errors: [{ field: 'subject', code: 'REPORT.NOT_STAFF' }] });
  });

  it('tells a file by its bytes, not its name', () => {
    expect([sniffFileType(PDF), sniffFileType(PNG), sniffFileType(JPEG), sniffFileType(new TextEncoder().encode('<html>'))]).toEqual(['pdf', 'png', 'jpeg', undefined]);
  });
});

describe('who confirms', () => {
  const fact = { kind: 'course' as const, course: 'bpr-workshop', completedOn: '2026-11-01' };
  it('asks the section’s senior manager, the office approver for office kinds, nobody for self-assessments', () => {
    expect(confirmerFor(programme, snapshot, subject, reportRule(programme, 'course', 'bpr-workshop'), 'office@city.example.jp')).toBe('head@city.example.jp');
    expect(confirmerFor(programme, snapshot, subject, reportRule(programme, 'qualification'), 'Office@city.example.jp')).toBe('office@city.example.jp');
    expect(confirmerFor(programme, snapshot, subject, reportRule(programme, 'skill'), 'office@city.example.jp')).toBeUndefined();
  });

  it('lets the person asked, a manager of the section and the office decide; never the reporter or another section’s manager', () => {
    const s = { subjectUpn: A, confirmerUpn: 'head@city.example.jp', fact };
    expect(mayConfirm(programme, snapshot, s, { upn: 'HEAD@city.example.jp', office: false })).toBe(true);
    expect(mayConfirm(programme, snapshot, s, { upn: 'chief@city.example.jp', office: false })).toBe(true);
    expect(mayConfirm(programme, snapshot, s, { upn: 'someone@city.example.jp', office: true })).toBe(true);
    expect(mayConfirm(programme, snapshot, s, { upn: 'other@city.example.jp', office: false })).toBe(false);
    expect(mayConfirm(programme, snapshot, s, { upn: A, office: true })).toBe(false);
  });
});

describe('a confirmed fact, applied at once', () => {
  it('becomes its list row and, applied to the records, the evaluation’s: once, however often it is applied', () => {
    const fact = confirmedFact(A, { kind: 'skill', skill: 'data', level: 1, assessedOn: '2026-11-20' });
    expect(fact).toEqual({ list: 'SkillLevels', fields: { Upn: A, Skill: 'data', Level: 1, AssessedOn: '2026-11-20', Assessor: A } });
    const write = { list: 'SkillLevels' as const, record: { upn: A, skill: 'data', level: 1, assessedOn: '2026-11-20', assessor: A } };
    const once = applyRecordWrites(snapshot.records, [write]);
    const twice = applyRecordWrites(once, [write]);
    expect(twice.skillLevels).toHaveLength(1);
    expect(snapshot.records.skillLevels).toHaveLength(0);
    expect(twice.completions).toBe(snapshot.records.completions);
  });

  it('round-trips a report through its Payload as the parser reads it', () => {
    const record = { subjectUpn: A, fact: { kind: 'contribution' as const, contribution: 'mentoring', date: '2026-09-01', title: '新任者の指導' }, note: '4月から', status: 'pending' as const, submittedAt: '2026-11-01T00:00:00.000Z' };
    const { records, issues } = parseRecords(
      programme,
      {
        Staff: { columns: [], issues: [], rows: [{ row: 2, fields: staffRow(A) }] },
        Submissions: { columns: [], issues: [], rows: [{ row: 2, fields: { Kind: 'contribution', SubjectUpn: A, Payload: submissionPayload(record), Status: 'pending', SubmittedAt: record.submittedAt } }, { row: 3, fields: { Kind: '資格', SubjectUpn: A, Payload: '{"qualification":"基本情報"}', Status: '確認待ち', SubmittedAt: record.submittedAt } }] },
      },
      TODAY,
    );
    expect(records.submissions).toEqual([expect.objectContaining({ ...record, itemId: undefined })]);
    expect(issues.map((i) => `${i.row} ${i.column} ${i.code} ${i.reason}`)).toEqual(['3 Payload VALUE.INVALID 内容（Payload）に acquiredOn がないか、読めません']);
  });

  it('reads one item afresh naming a course of the Courses list only (passed as an iterator, as the server does)', () => {
    const fields = { Kind: 'course', SubjectUpn: A, Payload: JSON.stringify({ course: 'el-007', completedOn: '2026-11-01' }), Status: 'pending', SubmittedAt: '2026-11-02T00:00:00Z' };
    const known = new Map([['el-007', {}]]);
    expect(parseSubmissionItem(programme, { itemId: '5', fields }, known.keys()).submission?.fact).toEqual({ kind: 'course', course: 'el-007', completedOn: '2026-11-01' });
    expect(parseSubmissionItem(programme, { itemId: '5', fields }).issues.map((i) => i.code)).toEqual(['REF.UNKNOWN_REPORTED']);
  });
});
