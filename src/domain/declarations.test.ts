import { preset, staffRow, world, type Rows } from '../../tests/helpers/world';
import { checkDeclaration, declarableRoles } from './declarations';
import type { Programme, Role } from './programme';

// The cookbook's DXサポーター (docs/programme-format.md): 主事・主任 in principle, 3 a 課, the section manager confirms.
const supporter: Role = {
  id: 'dx-supporter',
  label: { ja: 'DXサポーター', en: 'DX supporter' },
  aliases: ['サポーター'],
  assignment: 'self',
  declaration: { eligibleGrades: ['shuji', 'shunin'], gradeRuleStrict: false, confirmedBy: 'sectionManager' },
  seats: { per: 'section', max: 3 },
  steps: [],
} as unknown as Role;
const base = preset('moka');
const programme: Programme = { ...base, roles: [...base.roles, supporter] };
const strict: Programme = { ...programme, roles: [...base.roles, { ...supporter, declaration: { ...supporter.declaration!, gradeRuleStrict: true } }] };
const TODAY = '2026-11-24';

const declaration = (upn: string, status = 'pending'): Record<string, unknown> => ({
  Kind: 'role-declaration',
  SubjectUpn: upn,
  Payload: JSON.stringify({ role: 'dx-supporter', date: '2026-11-20', section: '総務課' }),
  ConfirmerUpn: 'boss@moka.jp',
  Status: status,
  SubmittedAt: '2026-11-20T10:00:00+09:00',
});
const rows = (extra: Rows = {}): Rows => ({
  Staff: [
    staffRow('a@moka.jp', { Title: '田中 一郎' }),
    staffRow('b@moka.jp', { Title: '鈴木 花子', Grade: '主任' }),
    staffRow('c@moka.jp', { Title: '高橋 健' }),
    staffRow('d@moka.jp', { Title: '伊藤 直子' }),
    staffRow('e@moka.jp', { Title: '渡辺 誠', Grade: '主査' }),
    staffRow('boss@moka.jp', { Title: '佐藤 課長', Grade: '課長' }),
  ],
  ...extra,
});

describe('self-declared roles (手挙げ方式)', () => {
  it('offers the roles open to volunteers with what stands in the way: a grade outside 「原則」 is a warning, held or waiting is a refusal', () => {
    const s = world(programme, rows({ Roles: [{ Upn: 'a@moka.jp', Role: 'dx-supporter', StartDate: '2026-10-01', Source: '自己申告' }], Submissions: [declaration('b@moka.jp')] }), TODAY);
    const offered = (upn: string) => declarableRoles(programme, s, s.staffByUpn.get(upn)!, TODAY).find((r) => r.id === 'dx-supporter')!;
    // The preset's own BPR実践グループ（希望者）: anyone, the office confirms.
    expect(declarableRoles(programme, s, s.staffByUpn.get('c@moka.jp')!, TODAY).map((r) => [r.id, r.confirmedBy, r.blocked, r.warnings])).toEqual([
      ['bpr-volunteer', 'programmeOffice', [], []],
      ['dx-supporter', 'sectionManager', [], []],
    ]);
    expect(offered('a@moka.jp').blocked.map((f) => f.code)).toEqual(['DECLARATION.ALREADY_HELD']);
    expect(offered('b@moka.jp').blocked.map((f) => f.code)).toEqual(['DECLARATION.ALREADY_WAITING']);
    expect(offered('e@moka.jp').warnings.map((f) => f.message.ja)).toEqual(['DXサポーターは原則として 主事・主任 の職員が対象です（あなたは 主査）。確認する人が判断します']);
    expect(declarableRoles({ ...base, roles: base.roles.filter((r) => r.assignment !== 'self') }, s, s.staffByUpn.get('c@moka.jp')!, TODAY)).toEqual([]);
  });

  it('checks a declaration: the role by id or alias, open to volunteers; the date a real day not after today (today when not given); strict grades refused', () => {
    const s = world(programme, rows(), TODAY);
    const c = s.staffByUpn.get('c@moka.jp')!;
    expect(checkDeclaration(programme, s, c, { role: 'サポーター' }, TODAY)).toEqual({ ok: true, fact: { kind: 'role-declaration', role: 'dx-supporter', date: TODAY, section: '総務課' }, warnings: [] });
    const bad = checkDeclaration(programme, s, c, { role: 'executive', date: '2026-13-01' }, TODAY);
    expect(bad.ok ? [] : bad.errors.map((e) => [e.field, e.code])).toEqual([
      ['role', 'DECLARATION.NOT_OPEN'],
      ['date', 'DECLARATION.DATE_INVALID'],
    ]);
    const later = checkDeclaration(programme, s, c, { role: 'dx-supporter', date: '2026-11-25' }, TODAY);
    expect(later.ok ? [] : later.errors.map((e) => e.message.ja)).toEqual(['「開始日」: 今日（2026-11-24）より後の日付は入れられません: 2026-11-25']);
    const unknown = checkDeclaration(programme, s, c, { role: '<b>x</b>' }, TODAY);
    expect(unknown.ok ? [] : unknown.errors.map((e) => e.code)).toEqual(['DECLARATION.ROLE_UNKNOWN']);
    const grade = checkDeclaration(strict, s, s.staffByUpn.get('e@moka.jp')!, { role: 'dx-supporter' }, TODAY);
    expect(grade.ok ? [] : grade.errors.map((e) => e.message.ja)).toEqual(['「役割」: DXサポーターを申し出られるのは 主事・主任 の職員です（あなたは 主査）']);
    expect(checkDeclaration(programme, s, undefined, { role: 'dx-supporter' }, TODAY)).toMatchObject({ ok: false, errors: [{ field: 'subject', code: 'DECLARATION.NOT_STAFF' }] });
  });

  it('counts the section’s holders and the declarations waiting against its seats; the one being confirmed does not take its own seat', () => {
    const s = world(
      programme,
      rows({
        Roles: [{ Upn: 'a@moka.jp', Role: 'dx-supporter', StartDate: '2026-10-01', Source: '自己申告' }],
        Submissions: [declaration('b@moka.jp'), declaration('c@moka.jp'), declaration('e@moka.jp', 'returned')],
      }),
      TODAY,
    );
    // As the list gives them: each row with its item id.
    s.records.submissions.forEach((x, i) => (x.itemId = String(i + 1)));
    const full = checkDeclaration(programme, s, s.staffByUpn.get('d@moka.jp')!, { role: 'dx-supporter' }, TODAY);
    expect(full.ok ? [] : full.errors.map((e) => e.message.ja)).toEqual(['「役割」: 総務課のDXサポーターは定員 3 名に達しています（田中 一郎、鈴木 花子（確認待ち）、高橋 健（確認待ち））']);
    // Confirming C's own declaration: A holds one seat, B waits for one, C's is the third.
    const cItem = s.records.submissions.find((x) => x.subjectUpn === 'c@moka.jp')!.itemId;
    expect(checkDeclaration(programme, s, s.staffByUpn.get('c@moka.jp')!, { role: 'dx-supporter', date: '2026-11-20' }, TODAY, cItem).ok).toBe(true);
    // Elsewhere (another section) the seats are free.
    const other = world(programme, rows({ Staff: [...rows().Staff!, staffRow('f@moka.jp', { Section: '財政課' })], Submissions: [declaration('b@moka.jp'), declaration('c@moka.jp'), declaration('d@moka.jp')] }), TODAY);
    expect(checkDeclaration(programme, other, other.staffByUpn.get('f@moka.jp')!, { role: 'dx-supporter' }, TODAY).ok).toBe(true);
  });
});
