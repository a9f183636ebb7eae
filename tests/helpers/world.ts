import { readFileSync } from 'node:fs';
import { parseProgrammeYaml } from '../../src/app/programme-text';
import { LIST_NAMES, type ListName } from '../../src/domain/lists';
import type { LocalDate } from '../../src/domain/local-date';
import type { Programme } from '../../src/domain/programme';
import { evaluatePerson, type PersonProgress } from '../../src/domain/progress';
import { parseRecords } from '../../src/domain/record-parser';
import type { RawLists } from '../../src/domain/records';
import { buildSnapshot, type Snapshot } from '../../src/domain/snapshot';
import { presetPath, type PresetId } from '../../src/presets/presets';
import type { ListSource } from '../../src/ports';

/** Loads a preset and fails the test with every error if it does not validate. */
export function preset(id: PresetId): Programme {
  return programmeFromFile(presetPath(id));
}

/** Loads a programme YAML file and fails the test with every error if it does not validate. */
export function programmeFromFile(file: string): Programme {
  const result = parseProgrammeYaml(readFileSync(file, 'utf8'));
  if (!result.ok) throw new Error(`${file} is invalid:\n${result.errors.map((e) => `  ${e.line ?? '?'}: ${e.path}: ${e.message}`).join('\n')}`);
  return result.programme;
}

export type Rows = Partial<Record<ListName, Array<Record<string, unknown>>>>;

/** Raw lists from plain rows, numbered like CSV lines (header = line 1). */
export function rawLists(rows: Rows): RawLists {
  const out: RawLists = {};
  for (const [list, items] of Object.entries(rows) as Array<[ListName, Array<Record<string, unknown>>]>) {
    out[list] = { columns: [], rows: items.map((fields, i) => ({ row: i + 2, fields })), issues: [] };
  }
  return out;
}

/** A small municipality: rows → parsed records → snapshot, exactly as a sync builds it. */
export function world(programme: Programme, rows: Rows, today: LocalDate = '2026-11-23'): Snapshot {
  const { records, issues } = parseRecords(programme, rawLists(rows), today);
  return buildSnapshot(programme, records, issues);
}

/** One staff member's progress as of a date. */
export function progressOf(snapshot: Snapshot, upn: string, asOf: LocalDate): PersonProgress {
  const staff = snapshot.staffByUpn.get(upn);
  if (!staff) throw new Error(`no staff ${upn} (data-quality: ${JSON.stringify(snapshot.issues)})`);
  return evaluatePerson(snapshot, staff, asOf);
}

/** A Staff row with sensible defaults. */
export function staffRow(upn: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { Title: upn.split('@')[0], Upn: upn, Department: '総務部', Section: '総務課', Grade: '主事', Active: 'TRUE', ...over };
}

/** A programme from YAML text; fails the test with every error if it does not validate. */
export function programmeFromYaml(text: string): Programme {
  const result = parseProgrammeYaml(text);
  if (!result.ok) throw new Error(`invalid programme:\n${result.errors.map((e) => `  ${e.line ?? '?'}: ${e.path}: ${e.message}`).join('\n')}`);
  return result.programme;
}

/** A list source over plain rows (as a sync would read them), for use cases that read the lists. */
export function rowsSource(rows: Rows): ListSource {
  const lists = rawLists(rows);
  return {
    describe: () => 'test rows',
    readLists: async (onList) => {
      for (const name of LIST_NAMES) {
        const list = lists[name];
        if (list) onList(name, list);
      }
    },
  };
}
