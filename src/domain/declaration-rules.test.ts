import { programmeFromYaml, staffRow, world } from '../../tests/helpers/world';
import { checkDeclaration } from './declaration-rules';

const programme = programmeFromYaml(`
id: volunteer-city
label: 手挙げ市
municipality: 手挙げ市
source: 手挙げ市DX方針
planStartFiscalYear: 2026
grades:
  - { id: kacho, label: 課長, rank: 6, manages: section }
  - { id: shuji, label: 主事, rank: 1 }
roles:
  - { id: supporter, label: DXサポーター, assignment: self, declaration: { eligibleGrades: [shuji], confirmedBy: nobody } }
  - { id: ambassador, label: DXアンバサダー, assignment: self, declaration: { confirmedBy: programmeOffice } }
  - { id: helper, label: 手伝い, assignment: self }
  - { id: adviser, label: DXアドバイザー, assignment: appointed }
`);
const TODAY = '2026-11-24';
const staff = [staffRow('boss@city.example.jp', { Grade: '課長' }), staffRow('a@city.example.jp'), staffRow('gone@city.example.jp', { Active: 'FALSE' })];
const snap = world(programme, { Staff: staff }, TODAY);
const check = (upn: string, role: string, office?: string) => checkDeclaration(programme, snap, { upn, role, asOf: TODAY }, office);

describe('declaring a self-declared role', () => {
  it('counts at once when nobody confirms it, and refuses a grade a strict rule leaves out', () => {
    expect(check('a@city.example.jp', 'supporter')).toMatchObject({ ok: true, selfConfirmed: true, confirmerUpn: undefined });
    expect(check('boss@city.example.jp', 'supporter').errors.map((e) => e.code)).toEqual(['DECLARATION.GRADE_NOT_ELIGIBLE']);
  });

  it('is confirmed by the section manager by default, and by the office only when the office has an approver', () => {
    expect(programme.roles.find((r) => r.id === 'helper')?.declaration).toEqual({ eligibleGrades: [], gradeRuleStrict: true, confirmedBy: 'sectionManager' });
    expect(check('a@city.example.jp', 'helper')).toMatchObject({ ok: true, confirmerUpn: 'boss@city.example.jp' });
    expect(check('a@city.example.jp', 'ambassador').errors.map((e) => e.code)).toEqual(['DECLARATION.NO_CONFIRMER']);
    expect(check('a@city.example.jp', 'ambassador', 'office@city.example.jp')).toMatchObject({ ok: true, confirmerUpn: 'office@city.example.jp' });
  });

  it('refuses a role that is not declared, someone not in the list, and someone who has left', () => {
    expect(check('a@city.example.jp', 'adviser').errors.map((e) => e.code)).toEqual(['DECLARATION.ROLE_NOT_SELF']);
    expect(check('nobody@city.example.jp', 'helper').errors.map((e) => e.code)).toEqual(['DECLARATION.PERSON_UNKNOWN']);
    expect(check('gone@city.example.jp', 'helper').errors.map((e) => e.code)).toContain('DECLARATION.PERSON_INACTIVE');
  });
});
