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

/** Long free text goes in multi-line columns (推薦理由, 判断コメント, 承認者の変更, a report's JSON and its comment). */
const NOTES = new Set(['Reason', 'DecisionComment', 'Payload', 'Comment', 'ApproverChanges']);

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
