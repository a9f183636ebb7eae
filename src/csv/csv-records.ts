import { LISTS, type ListName } from '../domain/lists';
import type { ListRecord } from '../domain/record-parser';
import { recordRow, type Cell } from '../domain/record-rows';
import type { Records } from '../domain/records';
import { RECORDS_OF } from '../domain/row-tally';

export { recordRow };

/** The rows of one list as CSV cells, in the list's column order. */
export function listRows(list: ListName, records: Records): Cell[][] {
  const row = recordRow(list);
  return (records[RECORDS_OF[list]] as ListRecord[]).map(row);
}

/** The CSV header of a list: its internal column names. */
export function listHeader(list: ListName): string[] {
  return LISTS[list].columns.map((c) => c.name);
}
