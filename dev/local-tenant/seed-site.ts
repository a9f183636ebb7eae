import { listRows } from '../../src/csv/csv-records';
import { readBoolean, readDate, readNumber } from '../../src/domain/cell-values';
import { LISTS, LIST_NAMES, type ListName } from '../../src/domain/lists';
import type { Records } from '../../src/domain/records';
import { OFFICE_LISTS, OFFICE_LIST_NAMES, SP_LISTS, extraColumns, titleIsData, type SpColumn, type SpColumnType } from '../../src/sharepoint/list-schema';
import { TEXT_MAX, normaliseDateOnly, normaliseDateTime, type FieldValue } from './field-values';
import { stableGuid } from './ids';
import type { Column, ListStore } from './list-store';
import type { SiteStore } from './site-store';

/**
 * Creates every SkillSteps list under its URL name (SkillSteps_Staff) with typed and indexed
 * columns, titled in Japanese (職員) — as a site an earlier SkillSteps provisioned (it renamed its
 * lists, which Graph does not document) or whose office retitled the lists in SharePoint. Today's
 * provisioning keeps the URL name as the title; both are found by URL name, so the seeded site keeps
 * every test honest about that. Ids are derived from the names, so a reset or a restart gives the
 * same list and column ids.
 */
export function provisionLists(store: SiteStore, now: string): Map<ListName, ListStore> {
  const out = new Map<ListName, ListStore>();
  for (const name of LIST_NAMES) {
    const sp = SP_LISTS[name];
    const list = store.createList(sp.name, '', [...sp.columns, ...extraColumns(name)].map((c) => columnOf(sp.name, c)), now, stableGuid(`list:${sp.name}`));
    // A retitle in SharePoint, which the tenant's Graph cannot do (no list update in v1.0).
    list.displayName = sp.displayName;
    out.set(name, list);
  }
  // The office's lists (取り込み履歴, 設定 …) start empty, as provisioning leaves them.
  for (const name of OFFICE_LIST_NAMES) {
    const sp = OFFICE_LISTS[name];
    store.createList(sp.name, '', sp.columns.map((c) => columnOf(sp.name, c)), now, stableGuid(`list:${sp.name}`)).displayName = sp.displayName;
  }
  return out;
}

function columnOf(listName: string, c: SpColumn): Column {
  return { id: stableGuid(`column:${listName}:${c.name}`), name: c.name, displayName: c.displayName, type: c.type, indexed: c.indexed, required: false, description: '' };
}

/**
 * Fills the lists with a generated municipality, one item per row, values typed as Graph types
 * them. Title holds the row's own title where the list has one (Staff 氏名, Courses, Projects,
 * Contributions), otherwise its natural key written out (`a@x.jp / literacy / 2026-05-10`), as a
 * person importing the rows would make it readable in SharePoint.
 *
 * Cells a SharePoint column cannot hold are left empty, as an import into SharePoint would have to:
 * a date typed as 令和6年4月1日 or in full-width digits is read as the date it names, an impossible
 * one (2024/13/40) becomes an empty date, which the data-quality report then shows.
 */
export function seedItems(store: SiteStore, lists: Map<ListName, ListStore>, records: Records, actor: number, now: string): void {
  for (const name of LIST_NAMES) {
    const list = lists.get(name)!;
    const sp = SP_LISTS[name];
    const header = LISTS[name].columns.map((c) => c.name);
    const types = header.map((h) => (h === 'Title' ? 'text' : (sp.columns.find((c) => c.name === h)?.type ?? 'text')));
    const keyIndexes = sp.key.map((k) => header.indexOf(k));
    const ownTitle = titleIsData(name);
    for (const row of listRows(name, records)) {
      const fields: Record<string, FieldValue> = {};
      for (let i = 0; i < header.length; i++) {
        const v = seedValue(types[i] as SpColumnType, row[i]);
        if (v !== undefined) fields[header[i]!] = v;
      }
      if (!ownTitle) {
        fields.Title = keyIndexes
          .map((i) => row[i])
          .filter((v) => v !== undefined && v !== '')
          .join(' / ')
          .slice(0, TEXT_MAX);
      }
      list.insert(fields, actor, now);
    }
    store.changed(list);
  }
}

function seedValue(type: SpColumnType, cell: string | number | boolean | undefined): FieldValue | undefined {
  if (cell === undefined || cell === '') return undefined;
  switch (type) {
    case 'text':
      return String(cell).slice(0, TEXT_MAX);
    case 'note':
      return String(cell);
    case 'number': {
      const n = readNumber(cell);
      return n.ok ? n.value : undefined;
    }
    case 'boolean': {
      const b = readBoolean(cell);
      return b.ok ? b.value : undefined;
    }
    case 'dateOnly': {
      const d = readDate(cell);
      return d.ok ? normaliseDateOnly(d.value) : undefined;
    }
    case 'dateTime':
      return normaliseDateTime(String(cell));
  }
}
