import { LIST_NAMES, type ListName } from '../domain/lists';
import { SharePointError } from './errors';
import type { GraphApi } from './graph-client';
import { OFFICE_LISTS, OFFICE_LIST_NAMES, SP_LISTS, extraColumns, type OfficeListName, type SpColumn, type SpColumnType } from './list-schema';

export interface Site {
  id: string;
  displayName?: string;
  webUrl?: string;
}

/**
 * The site a command works on, from a Graph site id (contoso.sharepoint.com,{guid},{guid}) or the
 * site's URL (https://contoso.sharepoint.com/sites/skillsteps).
 */
export async function resolveSite(api: GraphApi, site: string): Promise<Site> {
  if (/^https?:\/\//.test(site)) {
    const u = new URL(site);
    const path = u.pathname.replace(/\/+$/, '');
    return api.get<Site>(`/sites/${u.host}:${path || '/'}`);
  }
  return api.get<Site>(`/sites/${encodeURIComponent(site)}`);
}

interface GraphList {
  id: string;
  /** The list's URL name (baseItem.name), fixed when it was created. */
  name?: string;
  displayName: string;
  webUrl?: string;
}

interface GraphColumn {
  id: string;
  name: string;
  displayName?: string;
  indexed?: boolean;
  text?: { allowMultipleLines?: boolean };
  number?: object;
  boolean?: object;
  dateTime?: { format?: string };
}

/**
 * The SkillSteps lists found on a site, by list name. A list is known by its URL name
 * (SkillSteps_Staff), which SharePoint fixes when the list is created, never by its title: the
 * title is whatever it is — SkillSteps_Staff as provisioning creates it, 職員 where an earlier
 * version renamed it or the office retitled it in SharePoint.
 */
export async function findLists(api: GraphApi, siteId: string): Promise<Map<ListName, GraphList>> {
  return (await findAllLists(api, siteId)).records;
}

/** The record lists and the office's lists (取り込み履歴, 設定 …) found on a site. */
async function findAllLists(api: GraphApi, siteId: string): Promise<{ records: Map<ListName, GraphList>; office: Map<OfficeListName, GraphList> }> {
  const records = new Map<ListName, GraphList>();
  const office = new Map<OfficeListName, GraphList>();
  let url: string | undefined = `/sites/${siteId}/lists?$select=id,name,displayName,webUrl&$top=200`;
  while (url) {
    const page: { value: GraphList[]; '@odata.nextLink'?: string } = await api.get(url);
    for (const l of page.value) {
      const list = LIST_NAMES.find((n) => isNamed(l, SP_LISTS[n].name));
      if (list) records.set(list, l);
      const own = OFFICE_LIST_NAMES.find((n) => isNamed(l, OFFICE_LISTS[n].name));
      if (own) office.set(own, l);
    }
    url = page['@odata.nextLink'];
  }
  return { records, office };
}

/** The ids of the office's lists; refuses with a clear message when provisioning has not made them yet. */
export async function officeListIds(api: GraphApi, siteId: string): Promise<Record<OfficeListName, string>> {
  const { office } = await findAllLists(api, siteId);
  const missing = OFFICE_LIST_NAMES.filter((n) => !office.has(n));
  if (missing.length > 0) {
    throw new SharePointError('SHAREPOINT.LIST_MISSING', missing.map((n) => `${OFFICE_LISTS[n].displayName}（${OFFICE_LISTS[n].name}）`).join('、'));
  }
  return Object.fromEntries(OFFICE_LIST_NAMES.map((n) => [n, office.get(n)!.id])) as Record<OfficeListName, string>;
}

/**
 * Whether a list's URL name is `urlName`: its `name`, or else the last segment of its `webUrl`
 * (…/Lists/SkillSteps_Staff). SharePoint URLs are not case-sensitive.
 */
function isNamed(l: GraphList, urlName: string): boolean {
  const want = urlName.toLowerCase();
  if (l.name?.toLowerCase() === want) return true;
  const last = l.webUrl?.replace(/\/+$/, '').split('/').pop();
  return last !== undefined && safeDecode(last).toLowerCase() === want;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The ids of every SkillSteps list; refuses with a clear message when provisioning has not run. */
export async function listIds(api: GraphApi, siteId: string): Promise<Record<ListName, string>> {
  const found = await findLists(api, siteId);
  const missing = LIST_NAMES.filter((n) => !found.has(n));
  if (missing.length > 0) {
    throw new SharePointError('SHAREPOINT.LIST_MISSING', missing.map((n) => `${SP_LISTS[n].displayName}（${SP_LISTS[n].name}）`).join('、'));
  }
  return Object.fromEntries(LIST_NAMES.map((n) => [n, found.get(n)!.id])) as Record<ListName, string>;
}

export type ProvisionActionKind = 'createdList' | 'addedColumn' | 'indexedColumn' | 'typeMismatch' | 'unchanged';

export interface ProvisionAction {
  list: ListName | OfficeListName;
  kind: ProvisionActionKind;
  column?: string;
  detail?: string;
}

/**
 * Creates the lists and columns that are missing and indexes columns that should be; changes
 * nothing that already matches, so a second run reports only "unchanged". A column whose type
 * differs is reported, never altered: changing a column's type can lose data.
 *
 * A new list is created in one request with its URL name as its title (SkillSteps_Staff): Graph
 * names the URL after the title at creation and has no request that renames a list afterwards
 * (v1.0 documents get, list and create only), and a Japanese title would give a URL of escaped
 * characters. The Japanese name goes in the description; the app shows its own Japanese names, and
 * the office may retitle a list in SharePoint — it is found by its URL name, whatever its title.
 */
export async function provisionLists(api: GraphApi, siteId: string): Promise<ProvisionAction[]> {
  const { records, office } = await findAllLists(api, siteId);
  const actions: ProvisionAction[] = [];
  const wanted: Array<{ list: ListName | OfficeListName; def: { name: string; displayName: string; columns: SpColumn[] }; found?: GraphList }> = [
    ...LIST_NAMES.map((list) => ({ list, def: { ...SP_LISTS[list], columns: [...SP_LISTS[list].columns, ...extraColumns(list)] }, found: records.get(list) })),
    ...OFFICE_LIST_NAMES.map((list) => ({ list, def: OFFICE_LISTS[list], found: office.get(list) })),
  ];
  for (const { list, def, found } of wanted) {
    if (!found) {
      const created = await api.post<GraphList>(`/sites/${siteId}/lists`, {
        displayName: def.name,
        description: listDescription(def.displayName, def.name),
        columns: def.columns.map(columnDefinition),
        list: { template: 'genericList' },
      });
      // SharePoint makes the URL unique (SkillSteps_Staff1) when the name is taken, e.g. by a deleted
      // list still in the recycle bin; such a list would not be found next time and be created again.
      if ((created.name !== undefined || created.webUrl !== undefined) && !isNamed(created, def.name)) {
        throw new SharePointError(
          'SHAREPOINT.BAD_REQUEST',
          `リスト ${def.name} を作成しましたが URL 名が ${created.name ?? created.webUrl} になりました。サイトのごみ箱に同じ名前のリストがないか確認し、作成されたリストを削除してから再実行してください`,
        );
      }
      actions.push({ list, kind: 'createdList', detail: `${def.displayName}（${def.columns.length} 列）` });
      continue;
    }
    const columns = await allColumns(api, siteId, found.id);
    const before = actions.length;
    for (const col of def.columns) {
      const have = columns.find((c) => c.name === col.name);
      if (!have) {
        await api.post(`/sites/${siteId}/lists/${found.id}/columns`, columnDefinition(col));
        actions.push({ list, kind: 'addedColumn', column: col.name });
        continue;
      }
      const type = columnType(have);
      if (type !== col.type) {
        actions.push({ list, kind: 'typeMismatch', column: col.name, detail: `SharePoint: ${type ?? '不明'}、SkillSteps: ${col.type}` });
        continue;
      }
      if (col.indexed && !have.indexed) {
        await api.patch(`/sites/${siteId}/lists/${found.id}/columns/${have.id}`, { indexed: true });
        actions.push({ list, kind: 'indexedColumn', column: col.name });
      }
    }
    if (actions.length === before) actions.push({ list, kind: 'unchanged' });
  }
  return actions;
}

/** What SharePoint shows under the list's title: its Japanese name, and that the title may change. */
function listDescription(japanese: string, urlName: string): string {
  return `SkillSteps の「${japanese}」リスト。SkillSteps は URL 名 ${urlName} と列の内部名で読み書きするので、表示名は変えてもかまいません。`;
}

async function allColumns(api: GraphApi, siteId: string, listId: string): Promise<GraphColumn[]> {
  const out: GraphColumn[] = [];
  let url: string | undefined = `/sites/${siteId}/lists/${listId}/columns`;
  while (url) {
    const page: { value: GraphColumn[]; '@odata.nextLink'?: string } = await api.get(url);
    out.push(...page.value);
    url = page['@odata.nextLink'];
  }
  return out;
}

/** Graph's columnDefinition for a column. */
export function columnDefinition(c: SpColumn): Record<string, unknown> {
  const base = { name: c.name, displayName: c.displayName, indexed: c.indexed, enforceUniqueValues: false, required: false };
  switch (c.type) {
    case 'text':
      return { ...base, text: {} };
    case 'note':
      return { ...base, text: { allowMultipleLines: true } };
    case 'number':
      return { ...base, number: {} };
    case 'boolean':
      return { ...base, boolean: {} };
    case 'dateOnly':
      return { ...base, dateTime: { format: 'dateOnly' } };
    case 'dateTime':
      return { ...base, dateTime: { format: 'dateTime' } };
  }
}

function columnType(c: GraphColumn): SpColumnType | undefined {
  if (c.text) return c.text.allowMultipleLines ? 'note' : 'text';
  if (c.number) return 'number';
  if (c.boolean) return 'boolean';
  if (c.dateTime) return c.dateTime.format === 'dateOnly' ? 'dateOnly' : 'dateTime';
  return undefined;
}
