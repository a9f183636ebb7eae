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
