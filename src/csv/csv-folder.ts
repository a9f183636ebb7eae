import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LIST_NAMES, type ListName } from '../domain/lists';
import type { RawLists, Records } from '../domain/records';
import type { ListSource, ReadProgress } from '../ports';
import { encodeCsv, formatCsv, readListCsv } from './csv-codec';
import { listHeader, listRows } from './csv-records';

/** A folder with one CSV file per list (Staff.csv, Completions.csv …), the import and sample format. */
export class CsvFolderSource implements ListSource {
  constructor(private readonly dir: string) {}

  describe(): string {
    return `CSV フォルダ ${this.dir}`;
  }

  /** The list files present, by list name; file names match case-insensitively. */
  async files(): Promise<Map<ListName, string>> {
    const entries = await readdir(this.dir);
    const out = new Map<ListName, string>();
    for (const list of LIST_NAMES) {
      const file = entries.find((e) => e.toLowerCase() === `${list.toLowerCase()}.csv`);
      if (file) out.set(list, join(this.dir, file));
    }
    return out;
  }

  async readLists(onProgress?: (p: ReadProgress) => void): Promise<RawLists> {
    const files = await this.files();
    const lists: RawLists = {};
    let done = 0;
    for (const [list, path] of files) {
      const raw = readListCsv(list, await readFile(path));
      lists[list] = raw;
      done++;
      onProgress?.({ list, rowsRead: raw.rows.length, listsDone: done, listsTotal: files.size });
    }
    return lists;
  }
}

/** Writes records as one UTF-8 (BOM) CSV per list; returns the row count per list. */
export async function writeCsvFolder(dir: string, records: Records, lists: readonly ListName[] = LIST_NAMES): Promise<Record<string, number>> {
  await mkdir(dir, { recursive: true });
  const counts: Record<string, number> = {};
  for (const list of lists) {
    const rows = listRows(list, records);
    await writeFile(join(dir, `${list}.csv`), encodeCsv(formatCsv(listHeader(list), rows)));
    counts[list] = rows.length;
  }
  return counts;
}
