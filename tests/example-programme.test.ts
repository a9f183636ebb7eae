import { join } from 'node:path';
import { evaluateProgramme } from '../src/domain/evaluation';
import { programmeFromFile, progressOf, staffRow, world } from './helpers/world';

const programme = programmeFromFile(join(__dirname, 'fixtures', 'example-programme.yaml'));

describe('the worked example of docs/programme-format.md', () => {
  it('puts a person who did literacy and this year\'s security course on Step1, and names what Step2 lacks', () => {
    const snap = world(programme, {
      Staff: [staffRow('a@city.example.jp')],
      Completions: [
        { Upn: 'a@city.example.jp', CourseId: 'literacy', CompletedOn: '2026-05-10' },
        { Upn: 'a@city.example.jp', CourseId: 'security', CompletedOn: '2026-06-01' },
      ],
    });
    const p = progressOf(snap, 'a@city.example.jp', '2026-11-23');
    const all = p.roles.find((r) => r.role === 'all-staff')!;
    expect(all.currentStep).toBe('step1');
    expect(all.next?.missing.map((m) => m.label.ja)).toEqual(['データ利活用 レベル1以上']);
  });

  it('does not count last fiscal year\'s security course (renewsEveryFiscalYear), and shows the literacy deadline', () => {
    const snap = world(programme, {
      Staff: [staffRow('a@city.example.jp')],
      Completions: [{ Upn: 'a@city.example.jp', CourseId: 'security', CompletedOn: '2026-03-15' }],
    });
    const p = progressOf(snap, 'a@city.example.jp', '2026-11-23');
    const missing = p.roles.find((r) => r.role === 'all-staff')!.next!.missing;
    expect(missing.map((m) => m.evidence.ja)).toEqual(['未受講 — 期限 12/25', '未受講']);
    expect(missing[0]!.due).toBe('2026-12-25');
  });

  it('evaluates KPIs against the target of the year or the next later one', () => {
    const snap = world(programme, {
      Staff: [staffRow('a@city.example.jp'), staffRow('b@city.example.jp')],
      Completions: [{ Upn: 'a@city.example.jp', CourseId: 'literacy', CompletedOn: '2026-05-10' }],
    });
    const e = evaluateProgramme(snap, '2026-11-23');
    const literacy = e.kpis.find((k) => k.id === 'literacy-rate')!;
    expect([literacy.value, literacy.target?.value, literacy.met]).toEqual([50, 50, true]);
    const coverage = e.kpis.find((k) => k.id === 'leader-coverage')!;
    // The 2027 target is not due in 2026: no verdict, and the straight line from the plan start stands at 50%.
    expect([coverage.value, coverage.target, coverage.met, coverage.trajectory, coverage.onTrack]).toEqual([
      0,
      { value: 100, fiscalYear: 2027, approximate: false },
      null,
      50,
      false,
    ]);
  });
});
