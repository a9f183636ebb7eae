import { join } from 'node:path';
import { programmeFromFile, staffRow, world } from '../../tests/helpers/world';
import { evaluateProgramme } from '../domain/evaluation';
import { evaluationJson, evaluationJsonChunks } from './evaluation-report';

describe('the evaluation as JSON', () => {
  it('writes the same document in pieces as in one go, people included', () => {
    const programme = programmeFromFile(join(__dirname, '..', '..', 'tests', 'fixtures', 'example-programme.yaml'));
    // Enough people for several pieces of 256 KB.
    const staff = Array.from({ length: 3000 }, (_, i) => staffRow(`p${i}@city.example.jp`));
    const e = evaluateProgramme(world(programme, { Staff: staff, Completions: [{ Upn: 'p1@city.example.jp', CourseId: 'literacy', CompletedOn: '2026-05-01' }] }), '2026-11-23');
    const chunks = [...evaluationJsonChunks(e)];
    expect(chunks.length).toBeGreaterThan(3);
    expect(JSON.parse(chunks.join(''))).toEqual(JSON.parse(JSON.stringify(evaluationJson(e))));
    expect(chunks.join('')).toBe(JSON.stringify(evaluationJson(e)));
  });
});

describe('the KPIs in the JSON', () => {
  it('carry the section breakdown (部 + 課) and, for a coverage KPI, the sections below its minimum', () => {
    const programme = programmeFromFile(join(__dirname, '..', '..', 'tests', 'fixtures', 'example-programme.yaml'));
    const staff = [
      staffRow('a@city.example.jp', { Department: '総務部', Section: '総務課', Grade: '係長' }),
      staffRow('b@city.example.jp', { Department: '総務部', Section: '人事課' }),
      staffRow('c@city.example.jp', { Department: '教育委員会事務局', Section: '総務課' }),
    ];
    const rows = { Staff: staff, Roles: [{ Upn: 'a@city.example.jp', Role: 'dx-leader', StartDate: '2026-04-01' }], Completions: [{ Upn: 'b@city.example.jp', CourseId: 'literacy', CompletedOn: '2026-05-01' }] };
    const json = JSON.parse(JSON.stringify(evaluationJson(evaluateProgramme(world(programme, rows), '2026-11-23'))));
    const literacy = json.kpis.find((k: { id: string }) => k.id === 'literacy-rate');
    expect(literacy.bySection).toEqual([
      { department: '教育委員会事務局', section: '総務課', value: 0, numerator: 0, denominator: 1 },
      { department: '総務部', section: '人事課', value: 100, numerator: 1, denominator: 1 },
      { department: '総務部', section: '総務課', value: 0, numerator: 0, denominator: 1 },
    ]);
    expect(literacy.coverage).toBeUndefined();
    const coverage = json.kpis.find((k: { id: string }) => k.id === 'leader-coverage');
    expect(coverage.bySection.map((s: { section: string; numerator: number }) => [s.section, s.numerator])).toEqual([
      ['総務課', 0],
      ['人事課', 0],
      ['総務課', 1],
    ]);
    expect(coverage.coverage).toEqual({
      per: 'section',
      min: 1,
      uncovered: [
        { department: '教育委員会事務局', section: '総務課', count: 0 },
        { department: '総務部', section: '人事課', count: 0 },
      ],
    });
  });
});
