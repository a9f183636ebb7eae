import { LISTS, LIST_NAMES, type ColumnDef, type ListName } from '../domain/lists';

/** How a column is stored in SharePoint (Graph columnDefinition facets). */
export type SpColumnType = 'text' | 'note' | 'number' | 'boolean' | 'dateOnly' | 'dateTime';

export interface SpColumn {
  /** Internal name: the CSV header and the key in listItem.fields. */
  name: string;
  /** Display name in SharePoint (Japanese). */
  displayName: string;
  type: SpColumnType;
  /** Indexed columns may be used in $filter (Graph refuses a filter on any other column). */
  indexed: boolean;
}

export interface SpList {
  list: ListName;
  /** The list's URL name, fixed at creation and never shown: SkillSteps_Staff. */
  name: string;
  /** The title people see in SharePoint (職員). */
  displayName: string;
  /** Columns besides Title (Title is built in; see titleOf). */
  columns: SpColumn[];
  /** The columns that identify a row, for idempotent import (the same keys the parser dedupes on). */
  key: string[];
}

/**
 * Columns people filter on: by person (every Upn column), by section, by course or project, by
 * nomination status. Only these may appear in $filter.
 */
const INDEXED: Record<ListName, string[]> = {
  Staff: ['Upn', 'Department', 'Section'],
  Roles: ['Upn', 'Role'],
  Courses: ['CourseId'],
  Completions: ['Upn', 'CourseId'],
  Projects: ['ProjectId', 'FiscalYear'],
  ProjectMembers: ['ProjectId', 'Upn'],
  Evaluations: ['ProjectId', 'Upn'],
  Qualifications: ['Upn'],
  Contributions: ['Upn'],
  SkillLevels: ['Upn'],
  Nominations: ['NomineeUpn', 'ApproverUpn', 'Status'],
  Submissions: ['SubjectUpn', 'ConfirmerUpn', 'Status'],
};

const KEYS: Record<ListName, string[]> = {
  Staff: ['Upn'],
  Roles: ['Upn', 'Role', 'StartDate'],
  Courses: ['CourseId'],
  Completions: ['Upn', 'CourseId', 'CompletedOn'],
  Projects: ['ProjectId'],
  ProjectMembers: ['ProjectId', 'Upn', 'ProjectRole'],
  Evaluations: ['ProjectId', 'Upn', 'Perspective', 'EvaluatorUpn'],
  Qualifications: ['Upn', 'Qualification'],
  Contributions: ['Upn', 'Kind', 'Date', 'Title'],
  SkillLevels: ['Upn', 'Skill', 'AssessedOn', 'Assessor'],
  Nominations: ['NomineeUpn', 'Role', 'RequestedAt'],
  Submissions: ['SubjectUpn', 'Kind', 'SubmittedAt'],
};

/** Long free text goes in multi-line columns (推薦理由, 判断コメント, 承認者の変更, a report's JSON and its comment, 取消の理由). */
const NOTES = new Set(['Reason', 'DecisionComment', 'Payload', 'Comment', 'ApproverChanges', 'RevocationReason']);

function spType(list: ListName, c: ColumnDef): SpColumnType {
  if (NOTES.has(c.name)) return 'note';
  // TransferPlanned holds yes/no or a planned date, as HR writes it: text.
  if (list === 'Staff' && c.name === 'TransferPlanned') return 'text';
  switch (c.type) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'dateOnly';
    case 'dateTime':
      return 'dateTime';
    default:
      return 'text';
  }
}

/** The SharePoint form of every list: URL name, Japanese title, typed and indexed columns. */
export const SP_LISTS: Record<ListName, SpList> = Object.fromEntries(
  LIST_NAMES.map((list) => {
    const def = LISTS[list];
    const columns = def.columns
      // Staff's name is the built-in Title column (氏名); Contributions keeps its own Title (内容) in Title too.
      .filter((c) => c.name !== 'Title')
      .map((c) => ({ name: c.name, displayName: c.label.ja, type: spType(list, c), indexed: INDEXED[list].includes(c.name) }));
    return [list, { list, name: `SkillSteps_${list}`, displayName: def.label.ja, columns, key: KEYS[list] }];
  }),
) as Record<ListName, SpList>;

/** Lists whose Title column holds data of their own (Staff: 氏名; Courses, Projects: 名称; Contributions: 内容). */
export function titleIsData(list: ListName): boolean {
  return LISTS[list].columns.some((c) => c.name === 'Title');
}

/** The natural key of a row, from its fields (CSV cells or Graph values), as one string. */
export function rowKey(list: ListName, fields: Record<string, unknown>): string {
  const def = SP_LISTS[list];
  return def.key.map((k) => keyPart(fields[k], def.columns.find((c) => c.name === k)?.type ?? 'text')).join('\u001f');
}

function keyPart(v: unknown, type: SpColumnType): string {
  if (v === undefined || v === null) return '';
  // SharePoint returns date-only columns as the UTC instant of midnight JST; CSV has the date.
  if (type === 'dateOnly' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) {
    return new Date(Date.parse(v) + 9 * 3_600_000).toISOString().slice(0, 10);
  }
  if (type === 'dateTime' && typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
  return String(v).normalize('NFKC').trim().toLowerCase();
}

/**
 * The programme office's own lists (DESIGN.md "Data in SharePoint"): not records the evaluation
 * reads, but what the office's year leaves behind — the imports (取り込み履歴), the column mappings
 * remembered per source, and this year's targets and fill-in settings (設定).
 */
export const OFFICE_LIST_NAMES = ['ImportLog', 'ImportMappings', 'Settings'] as const;
export type OfficeListName = (typeof OFFICE_LIST_NAMES)[number];

export interface SpOfficeList {
  list: OfficeListName;
  name: string;
  displayName: string;
  columns: SpColumn[];
}

const col = (name: string, displayName: string, type: SpColumnType, indexed = false): SpColumn => ({ name, displayName, type, indexed });

export const OFFICE_LISTS: Record<OfficeListName, SpOfficeList> = {
  // DESIGN.md's columns, and what a progress bar on every instance needs: the status, the rows to
  // write and written so far, the unchanged count (so the counts add up), and a failure's reason.
  // Title holds the import's id, the mark on every item it created.
  ImportLog: {
    list: 'ImportLog',
    name: 'SkillSteps_ImportLog',
    displayName: '取り込み履歴',
    columns: [
      col('List', 'リスト', 'text'),
      col('FileName', 'ファイル名', 'text'),
      col('Source', '取り込み元', 'text'),
      col('ByUpn', '取り込んだ人', 'text'),
      col('At', '取り込み日時', 'dateTime'),
      col('Added', '追加', 'number'),
      col('Changed', '更新', 'number'),
      col('Refused', '除外', 'number'),
      col('UndoneAt', '取り消し日時', 'dateTime'),
      col('Status', '状態', 'text', true),
      col('Unchanged', '変更なし', 'number'),
      col('Total', '書き込む行', 'number'),
      col('Processed', '書き込んだ行', 'number'),
      col('Message', 'メッセージ', 'note'),
    ],
  },
  // One item per source (ベンダーA の月次ファイル): Title is the source's name.
  ImportMappings: {
    list: 'ImportMappings',
    name: 'SkillSteps_ImportMappings',
    displayName: '取り込みの列対応',
    columns: [col('Source', '取り込み元', 'text', true), col('List', 'リスト', 'text'), col('Mapping', '列の対応', 'note'), col('ByUpn', '保存した人', 'text'), col('At', '保存日時', 'dateTime')],
  },
  // One item per change, never overwritten: the latest per 年度 and key applies, the rest is history.
  Settings: {
    list: 'Settings',
    name: 'SkillSteps_Settings',
    displayName: '設定',
    columns: [col('FiscalYear', '年度', 'number', true), col('Key', '項目', 'text'), col('Value', '値', 'text'), col('ByUpn', '変更した人', 'text'), col('At', '変更日時', 'dateTime')],
  },
};

/**
 * The mark an import puts on every item it creates (its id), so that undoing it removes exactly
 * those items — also when the import was cut short, as the mark travels with each item's own
 * request — and items it only updated stay. Indexed: undo finds them with one filter.
 */
export const IMPORT_MARK: SpColumn = col('ImportId', '取り込みID', 'text', true);

/** Columns a list carries besides its own data: the import mark on the lists the office imports into. */
export function extraColumns(list: ListName): SpColumn[] {
  return list === 'Nominations' ? [] : [IMPORT_MARK];
}

/** A list's Japanese name, record list or office list (職員, 取り込み履歴 …). */
export function listDisplayName(list: ListName | OfficeListName): string {
  return (OFFICE_LIST_NAMES as readonly string[]).includes(list) ? OFFICE_LISTS[list as OfficeListName].displayName : SP_LISTS[list as ListName].displayName;
}
