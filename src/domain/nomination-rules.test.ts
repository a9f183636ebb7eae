import { preset, staffRow, world } from '../../tests/helpers/world';
import { checkNomination, type NominationRequest } from './nomination-rules';

const setagaya = preset('setagaya');
const tokyo = preset('tokyo-template');
const TODAY = '2026-11-23';
const u = (name: string) => `${name}@city.example.jp`;

// 総務部 総務課: 部長, 課長, 係長, 副係長, 主任 ×2, 主事; 総務部 人事課: 課長, 主任; 区民部 区民課: 課長, 主任
const staff = [
  staffRow(u('bucho'), { Grade: '部長' }),
  staffRow(u('kacho'), { Grade: '課長' }),
  staffRow(u('kakari'), { Grade: '係長' }),
  staffRow(u('fuku'), { Grade: '副係長' }),
  staffRow(u('shunin'), { Grade: '主任' }),
  staffRow(u('shunin2'), { Grade: '主任', TransferPlanned: '2027-04-01' }),
  staffRow(u('shuji'), { Grade: '主事' }),
  staffRow(u('jinji-kacho'), { Section: '人事課', Grade: '課長' }),
  staffRow(u('jinji-shunin'), { Section: '人事課', Grade: '主任' }),
  staffRow(u('kumin-kacho'), { Department: '区民部', Section: '区民課', Grade: '課長' }),
  staffRow(u('kumin-shunin'), { Department: '区民部', Section: '区民課', Grade: '主任' }),
  staffRow(u('retired'), { Grade: '主任', Active: 'FALSE' }),
];

const req = (over: Partial<NominationRequest>): NominationRequest => ({
  nominatorUpn: u('kakari'),
  nominatorIsOffice: false,
  nomineeUpn: u('fuku'),
  role: 'dx-leader',
  asOf: TODAY,
  ...over,
});

describe('nomination rules (世田谷区 DX推進リーダー: 各課1名、原則 副係長または主任)', () => {
  const snap = world(setagaya, { Staff: staff });

  it('lets a 係長 nominate a 副係長 of the section, to be approved by the 課長', () => {
    expect(checkNomination(setagaya, snap, req({}))).toEqual({
      ok: true,
      errors: [],
      warnings: [],
      approverUpn: u('kacho'),
      section: '総務課',
      department: '総務部',
    });
  });

  it('never makes a subordinate the approver: when the 課長 nominates, the 部長 approves', () => {
    expect(checkNomination(setagaya, snap, req({ nominatorUpn: u('kacho') })).approverUpn).toBe(u('bucho'));
    // The office (no grade in the section) gets the section's most senior manager.
    expect(checkNomination(setagaya, snap, req({ nominatorUpn: u('jinji-shunin'), nominatorIsOffice: true })).approverUpn).toBe(u('kacho'));
  });

  it('only warns about a 主事, because the rule says 「原則」', () => {
    const r = checkNomination(setagaya, snap, req({ nomineeUpn: u('shuji') }));
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => [w.code, w.message.ja])).toEqual([
      ['NOMINATION.GRADE_NOT_ELIGIBLE', '原則として副係長・主任が対象です（shuji さん: 主事）'],
    ]);
  });

  it.each([
    ['a 主任 nominating', { nominatorUpn: u('shunin') }, 'NOMINATION.NOT_MANAGER'],
    ['the 課長 of another section', { nominatorUpn: u('jinji-kacho') }, 'NOMINATION.NOT_MANAGER'],
    ['someone who left', { nomineeUpn: u('retired') }, 'NOMINATION.NOMINEE_INACTIVE'],
    ['someone not in the Staff list', { nomineeUpn: u('nobody') }, 'NOMINATION.NOMINEE_UNKNOWN'],
    ['a role that is not nominated (DXマネージャー is by grade)', { role: 'dx-manager' }, 'NOMINATION.ROLE_NOT_NOMINATED'],
  ] as const)('refuses %s', (_name, over, code) => {
    const r = checkNomination(setagaya, snap, req(over));
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.code)).toContain(code);
  });

  it('lets the 部長 and the programme office nominate anywhere in their reach', () => {
    expect(checkNomination(setagaya, snap, req({ nominatorUpn: u('bucho') })).ok).toBe(true);
    expect(checkNomination(setagaya, snap, req({ nominatorUpn: u('kumin-kacho'), nominatorIsOffice: true })).ok).toBe(true);
    expect(checkNomination(setagaya, snap, req({ nominatorUpn: u('kumin-kacho') })).ok).toBe(false);
  });

  it('refuses a second leader for the section (定員 1), unless the nominee replaces the holder', () => {
    const withLeader = world(setagaya, { Staff: staff, Roles: [{ Upn: u('shunin'), Role: 'dx-leader', StartDate: '2025-04-01' }] });
    const r = checkNomination(setagaya, withLeader, req({}));
    expect(r.errors.map((e) => e.message.ja)).toEqual(['総務課のDX推進リーダーは定員 1 名に達しています（shunin）。交代の場合は交代する人を選んでください']);
    expect(checkNomination(setagaya, withLeader, req({ replacesUpn: u('shunin') })).ok).toBe(true);
    expect(checkNomination(setagaya, withLeader, req({ replacesUpn: u('shuji') })).errors.map((e) => e.code)).toContain('NOMINATION.REPLACES_NOT_HOLDER');
    // The seat of another section is not affected.
    expect(checkNomination(setagaya, withLeader, req({ nominatorUpn: u('jinji-kacho'), nomineeUpn: u('jinji-shunin') })).ok).toBe(true);
  });

  it('counts a pending nomination against the seat, and refuses the same nomination twice', () => {
    const pending = {
      NomineeUpn: u('fuku'),
      Role: 'dx-leader',
      Section: '総務課',
      NominatedByUpn: u('kakari'),
      ApproverUpn: u('kacho'),
      Status: '承認待ち',
      RequestedAt: '2026-11-20T10:00:00+09:00',
    };
    const snap2 = world(setagaya, { Staff: staff, Nominations: [pending] });
    expect(checkNomination(setagaya, snap2, req({})).errors.map((e) => e.code)).toEqual(['NOMINATION.DUPLICATE_PENDING', 'NOMINATION.SEAT_TAKEN']);
    expect(checkNomination(setagaya, snap2, req({ nomineeUpn: u('shunin') })).errors.map((e) => e.message.ja)).toEqual([
      '総務課のDX推進リーダーは定員 1 名に達しています（fuku（承認待ち））。交代の場合は交代する人を選んでください',
    ]);
  });

  it('refuses a nominee who already holds the role', () => {
    const snap2 = world(setagaya, { Staff: staff, Roles: [{ Upn: u('fuku'), Role: 'dx-leader', StartDate: '2025-04-01' }] });
    expect(checkNomination(setagaya, snap2, req({})).errors.map((e) => e.code)).toContain('NOMINATION.ALREADY_HOLDS');
  });
});

describe('nomination rules (東京都テンプレート DX推進員: 異動時期を考慮、事務局が決定)', () => {
  const snap = world(tokyo, { Staff: staff.map((s) => ({ ...s, Grade: s.Grade === '副係長' ? '主任' : s.Grade })) });

  it('warns about a transfer planned within the window (12 months), and routes approval to the programme office', () => {
    const r = checkNomination(tokyo, snap, req({ role: 'dx-promoter', nomineeUpn: u('shunin2') }), u('office'));
    expect(r.ok).toBe(true);
    expect(r.approverUpn).toBe(u('office'));
    expect(r.warnings.map((w) => w.message.ja)).toEqual(['shunin2 さんは12か月以内に異動の予定があります（2027-04-01）。異動時期を考慮してください']);
  });

  it('has no seat limit (「少なくとも1名以上」 is a minimum), and needs an office approver to be configured', () => {
    const r = checkNomination(tokyo, snap, req({ role: 'dx-promoter', nomineeUpn: u('shunin') }));
    expect(r.errors.map((e) => e.code)).toEqual(['NOMINATION.NO_APPROVER']);
    expect(r.errors[0]?.message.ja).toContain('プログラム事務局の担当者）が設定されていません');
  });
});
