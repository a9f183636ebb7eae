import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LIST_NAMES, type ListName } from '../domain/lists';
import type { RawList, Records } from '../domain/records';
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

  async readLists(onList: (name: ListName, list: RawList) => void, onProgress?: (p: ReadProgress) => void): Promise<void> {
    const files = await this.files();
    let done = 0;
    // files() follows LIST_NAMES, the order the parser needs.
    for (const [list, path] of files) {
      const raw = readListCsv(list, await readFile(path));
      let rowsRead = 0;
      const rows = raw.rows;
      onList(list, {
        ...raw,
        rows: (function* counted() {
          for (const row of rows) {
            rowsRead++;
            yield row;
          }
        })(),
      });
      onProgress?.({ list, rowsRead, listsDone: ++done, listsTotal: files.size, listDone: true });
    }
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
