import { preset, progressOf, staffRow, world, type Rows } from '../../tests/helpers/world';
import { applyRecordWrites } from './record-writes';
import { buildSnapshot } from './snapshot';
import { certificateSerial, checkAward, checkAwardDate, checkRevocationReason } from './awards';
import { evaluatePerson } from './progress';

// 真岡市: DXアドバイザー「プロジェクトにメンバーとして参加し、報告会において一定以上の評価を得る」 (reportMinScore 3).
const moka = preset('moka');
const TODAY = '2026-11-24';

const rows = (extra: Rows = {}): Rows => ({
  Staff: [staffRow('a@moka.jp', { Grade: '主事' }), staffRow('b@moka.jp', { Grade: '主事' }), staffRow('gone@moka.jp', { Active: 'FALSE' })],
  Projects: [{ ProjectId: 'P1', Title: 'BPR 予約受付', FiscalYear: 2025, StartDate: '2025-05-01', EndDate: '2026-02-01', ReportScore: 4 }],
  ProjectMembers: [
    { ProjectId: 'P1', Upn: 'a@moka.jp', ProjectRole: 'member' },
    { ProjectId: 'P1', Upn: 'b@moka.jp', ProjectRole: 'leader' },
  ],
  ...extra,
});

describe('who may be awarded a certification (認定候補)', () => {
  const s = world(moka, rows(), TODAY);
  const progress = (upn: string) => progressOf(s, upn, TODAY);

  it('awards someone the engine says qualifies, and refuses the others, naming what is missing', () => {
    expect(checkAward(moka, s.staffByUpn.get('a@moka.jp'), progress('a@moka.jp'), 'dx-adviser')).toEqual([]);
    const [notYet] = checkAward(moka, s.staffByUpn.get('a@moka.jp'), progress('a@moka.jp'), 'dx-expert');
    expect(notYet).toMatchObject({ field: 'person', code: 'AWARD.NOT_QUALIFIED' });
    expect(notYet!.message.ja).toContain('DXアドバイザー');
    expect(checkAward(moka, undefined, undefined, 'dx-adviser')[0]).toMatchObject({ code: 'AWARD.PERSON_UNKNOWN' });
    expect(checkAward(moka, s.staffByUpn.get('gone@moka.jp'), undefined, 'dx-adviser')[0]).toMatchObject({ code: 'AWARD.PERSON_INACTIVE' });
    expect(checkAward(moka, s.staffByUpn.get('a@moka.jp'), progress('a@moka.jp'), 'dx-wizard')[0]).toMatchObject({ field: 'certification', code: 'AWARD.CERTIFICATION_UNKNOWN' });
  });

  it('refuses a certification already held', () => {
    const held = world(moka, rows({ Roles: [{ Upn: 'a@moka.jp', Role: 'dx-adviser', StartDate: '2026-04-01', Source: '認定' }] }), TODAY);
    expect(checkAward(moka, held.staffByUpn.get('a@moka.jp'), progressOf(held, 'a@moka.jp', TODAY), 'dx-adviser')[0]).toMatchObject({ code: 'AWARD.ALREADY_HELD' });
  });

  it('takes the award date as the lists read dates, today when blank, never in the future', () => {
    expect(checkAwardDate(undefined, TODAY)).toEqual({ ok: true, date: TODAY });
    expect(checkAwardDate('令和8年11月1日', TODAY)).toEqual({ ok: true, date: '2026-11-01' });
    expect(checkAwardDate('2026-11-25', TODAY)).toMatchObject({ ok: false, finding: { field: 'date', code: 'AWARD.DATE_FUTURE' } });
    expect(checkAwardDate('来週', TODAY)).toMatchObject({ ok: false, finding: { field: 'date', code: 'AWARD.DATE_UNREADABLE' } });
  });

  it('asks a revocation for a reason that fits', () => {
    expect(checkRevocationReason('  ')[0]).toMatchObject({ field: 'reason', code: 'AWARD.REASON_REQUIRED' });
    expect(checkRevocationReason('x'.repeat(501))[0]).toMatchObject({ code: 'AWARD.REASON_TOO_LONG' });
    expect(checkRevocationReason('二重登録のため')).toEqual([]);
  });

  it('numbers a 認定証 by the Roles item id, which SharePoint never reuses', () => {
    expect(certificateSerial(moka, '42')).toBe('MOKA-000042');
    expect(certificateSerial(moka, '1234567')).toBe('MOKA-1234567');
  });
});

describe('a revoked award', () => {
  const award = { Upn: 'a@moka.jp', Role: 'dx-adviser', StartDate: '2026-04-01', Source: '認定', ConfirmedByUpn: 'office@moka.jp', ConfirmedAt: '2026-04-01T10:00:00+09:00', CertificateNumber: 'MOKA-000007' };

  it('ends the day before its revocation, and stays in the list as history with who revoked it and why', () => {
    const s = world(moka, rows({ Roles: [{ ...award, RevokedAt: '2026-11-20T15:00:00+09:00', RevokedByUpn: 'office@moka.jp', RevocationReason: '基準の誤認' }] }), TODAY);
    expect(s.records.roles[0]).toMatchObject({ end: '2026-11-19', certificateNumber: 'MOKA-000007', confirmedByUpn: 'office@moka.jp', revocation: { byUpn: 'office@moka.jp', reason: '基準の誤認' } });
    expect(progressOf(s, 'a@moka.jp', TODAY).certifications.find((c) => c.certification === 'dx-adviser')?.status).toBe('qualifies');
    expect(progressOf(s, 'a@moka.jp', '2026-11-19').certifications.find((c) => c.certification === 'dx-adviser')?.status).toBe('held');
  });

  it('revoked the day it was awarded was never held, and a new award of that day is not its duplicate', () => {
    const s = world(moka, rows({ Roles: [{ ...award, StartDate: TODAY, RevokedAt: `${TODAY}T12:00:00+09:00`, RevocationReason: '誤り' }, { ...award, StartDate: TODAY }] }), TODAY);
    expect(s.issues).toEqual([]);
    expect(s.records.roles).toHaveLength(2);
    expect(progressOf(s, 'a@moka.jp', TODAY).certifications.find((c) => c.certification === 'dx-adviser')?.status).toBe('held');
    const once = world(moka, rows({ Roles: [{ ...award, StartDate: TODAY, RevokedAt: `${TODAY}T12:00:00+09:00`, RevocationReason: '誤り' }] }), TODAY);
    expect(progressOf(once, 'a@moka.jp', TODAY).certifications.find((c) => c.certification === 'dx-adviser')?.status).toBe('qualifies');
  });

  it('applied at once (ProgrammeService.apply) ends the award, even on top of a sync that still showed it', () => {
    const s = world(moka, rows({ Roles: [{ ...award, StartDate: TODAY }] }), TODAY);
    const row = { ...s.records.roles[0]!, itemId: '7' };
    const records = { ...s.records, roles: [row] };
    const revocation = { at: `${TODAY}T12:00:00+09:00`, byUpn: 'office@moka.jp', reason: '誤り' };
    // The award's own write applied again after the sync (the journal) and the revocation: one row, revoked.
    const after = applyRecordWrites(records, [
      { list: 'Roles', record: row },
      { list: 'Roles', revoked: { itemId: '7', upn: 'a@moka.jp', revocation, end: '2026-11-23' } },
    ]);
    expect(after.roles).toHaveLength(1);
    const snap = buildSnapshot(moka, after, []);
    expect(evaluatePerson(snap, snap.staffByUpn.get('a@moka.jp')!, TODAY).certifications[0]!.status).toBe('qualifies');
  });
});
