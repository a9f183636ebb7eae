import { matchKey } from './label';
import { LISTS, type ListName } from './lists';

/**
 * How a file from a vendor or HR maps onto a list (DESIGN.md "The office's year"): which of its
 * columns fills which of the list's fields, and how a person is named in it. Headers are matched
 * in Japanese or English, at any width and spacing (職員番号, ＵＰＮ, E-mail, 受講日 …).
 */

/** The lists the office may import into. Nominations are written by the nomination flow only. */
export const IMPORTABLE_LISTS = [
  'Staff',
  'Roles',
  'Courses',
  'Completions',
  'Projects',
  'ProjectMembers',
  'Evaluations',
  'Qualifications',
  'Contributions',
  'SkillLevels',
] as const satisfies readonly ListName[];

export type ImportableList = (typeof IMPORTABLE_LISTS)[number];

/** How a file names a person: by UPN, by e-mail address, or by 職員番号 (the Staff list's EmployeeNumber). */
export type PersonKey = 'upn' | 'email' | 'employeeNumber';

export const PERSON_KEYS: readonly PersonKey[] = ['upn', 'email', 'employeeNumber'];

/** How each way of naming a person is called in messages. */
export const PERSON_KEY_JA: Record<PersonKey, string> = { upn: 'UPN', email: 'メールアドレス', employeeNumber: '職員番号' };

/** One column of the file and the field it fills (none: the column is not imported). */
export interface ColumnMapping {
  header: string;
  /** A column of the list (its internal name). */
  field?: string;
  /** For a person column (Upn …): how the file names the person. */
  by?: PersonKey;
}

/** True for the list's columns that name a staff member, which may be given by e-mail or 職員番号. */
export function isPersonField(list: ListName, field: string): boolean {
  const col = LISTS[list].columns.find((c) => c.name === field);
  // Only the person the row is about is resolved against the Staff list; an evaluator or assessor
  // may be someone outside it (専門家), so those stay UPNs. The Staff list defines people: no 職員番号 there.
  return col?.type === 'upn' && field === 'Upn' && list !== 'Staff';
}

/** What people write in a header for a field, besides its internal name and Japanese label. */
const SYNONYMS: Record<string, string[]> = {
  Upn: ['UPN', 'ユーザープリンシパル名', 'UserPrincipalName', 'サインイン名', 'アカウント'],
  'Upn@email': ['メールアドレス', 'メール', 'Eメール', '電子メール', 'Mail', 'Email', 'E-mail', 'Email address', 'Mail address'],
  'Upn@employeeNumber': ['職員番号', '職員No', '職員ID', '職員コード', '社員番号', 'Employee number', 'Employee ID', 'EmployeeNumber', 'Staff ID', 'Staff number'],
  Title: ['氏名', '名前', '職員名', '受講者名', 'Name', 'Full name'],
  EmployeeNumber: ['職員番号', '職員No', '職員ID', '職員コード', '社員番号', 'Employee number', 'Employee ID', 'Staff ID'],
  CourseId: ['講座名', '講座', '研修名', '研修', 'コース名', 'コース', 'コースID', '講座ID', '研修ID', '科目名', 'Course', 'Course name', 'Course title', 'Course ID'],
  CompletedOn: ['受講日', '修了日', '完了日', '受講完了日', '受講年月日', '修了年月日', 'Completion date', 'Date completed', 'Completed'],
  Hours: ['時間', '受講時間', '学習時間', '時間数', 'Hours', 'Duration', 'Study hours'],
  Department: ['部', '部名', '部局', 'Department'],
  Section: ['課', '課名', '所属', '所属課', 'Section'],
  Grade: ['職層', '職位', '職級', '役職', 'Grade'],
  Qualification: ['資格', '資格名', 'Qualification', 'Certification'],
  AcquiredOn: ['取得日', '合格日', 'Acquired on', 'Date acquired'],
  Active: ['在職', '在職区分', 'Active'],
};

/**
 * A mapping for a file's headers onto a list: each header to the field it most likely fills (the
 * list's own names and Japanese labels first, then what vendors and HR write), each field once.
 * A person column is read as UPN, e-mail or 職員番号 by its header.
 */
export function suggestMapping(list: ListName, headers: readonly string[]): ColumnMapping[] {
  const def = LISTS[list];
  const candidates = new Map<string, { field: string; by?: PersonKey }>();
  const offer = (text: string, field: string, by?: PersonKey): void => {
    const key = matchKey(text);
    if (key && !candidates.has(key)) candidates.set(key, by ? { field, by } : { field });
  };
  for (const c of def.columns) {
    offer(c.name, c.name, isPersonField(list, c.name) ? 'upn' : undefined);
    offer(c.label.ja, c.name, isPersonField(list, c.name) ? 'upn' : undefined);
    if (c.label.en) offer(c.label.en, c.name, isPersonField(list, c.name) ? 'upn' : undefined);
  }
  for (const c of def.columns) {
    for (const word of SYNONYMS[c.name] ?? []) offer(word, c.name, isPersonField(list, c.name) ? 'upn' : undefined);
    if (!isPersonField(list, c.name) && c.type !== 'upn') continue;
    // An e-mail column names the person by their address (the UPN in most tenants); 職員番号 through the Staff list.
    for (const word of SYNONYMS[`${c.name}@email`] ?? []) offer(word, c.name, list === 'Staff' ? undefined : 'email');
    if (isPersonField(list, c.name)) for (const word of SYNONYMS[`${c.name}@employeeNumber`] ?? []) offer(word, c.name, 'employeeNumber');
  }
  const taken = new Set<string>();
  const out: ColumnMapping[] = headers.map((header) => ({ header }));
  // Two passes: UPN beats e-mail beats 職員番号 for the one person column, whatever the column order.
  const rank = (m: { by?: PersonKey } | undefined): number => (m?.by ? PERSON_KEYS.indexOf(m.by) : 0);
  const order = headers.map((h, i) => ({ i, m: candidates.get(matchKey(h)) })).sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i);
  for (const { i, m } of order) {
    if (!m || taken.has(m.field)) continue;
    taken.add(m.field);
    out[i] = m.by ? { header: headers[i]!, field: m.field, by: m.by } : { header: headers[i]!, field: m.field };
  }
  return out;
}

/**
 * A remembered mapping applied to this month's file: by header text, whatever the column order;
 * headers it does not know are suggested afresh.
 */
export function applyRememberedMapping(list: ListName, headers: readonly string[], remembered: readonly ColumnMapping[]): ColumnMapping[] {
  const byHeader = new Map(remembered.map((m) => [matchKey(m.header), m]));
  const suggested = suggestMapping(list, headers);
  const taken = new Set<string>();
  const out = headers.map((header) => {
    const m = byHeader.get(matchKey(header));
    if (m?.field && !taken.has(m.field)) {
      taken.add(m.field);
      return m.by ? { header, field: m.field, by: m.by } : { header, field: m.field };
    }
    return m ? { header } : undefined;
  });
  return out.map((m, i) => m ?? (suggested[i]!.field && !taken.has(suggested[i]!.field!) ? suggested[i]! : { header: headers[i]! }));
}

/** A mapping's problems, in Japanese: a required field no column fills, a field filled twice, a field the list does not have. */
export function mappingProblems(list: ListName, mapping: readonly ColumnMapping[]): string[] {
  const def = LISTS[list];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const m of mapping) {
    if (!m.field) continue;
    const col = def.columns.find((c) => c.name === m.field);
    if (!col) {
      problems.push(`列「${m.header}」の取り込み先 ${m.field} は${def.label.ja}リストにありません`);
      continue;
    }
    const allowed: readonly PersonKey[] = isPersonField(list, m.field) ? PERSON_KEYS : col.type === 'upn' ? ['upn', 'email'] : [];
    if (m.by !== undefined && !allowed.includes(m.by)) {
      problems.push(`列「${m.header}」: ${col.label.ja}（${col.name}）は${PERSON_KEY_JA[m.by] ?? String(m.by)}では指定できません`);
    }
    const first = seen.get(m.field);
    if (first !== undefined) problems.push(`列「${first}」と列「${m.header}」が同じ項目「${col.label.ja}」（${col.name}）に割り当てられています`);
    else seen.set(m.field, m.header);
  }
  const missing = def.columns.filter((c) => c.required && !seen.has(c.name));
  if (missing.length > 0) problems.push(`必須の項目に割り当てた列がありません: ${missing.map((c) => `${c.label.ja}（${c.name}）`).join('、')}`);
  return problems;
}

/**
 * A text cell a spreadsheet would run as a formula (CSV/formula injection): it starts with = or @,
 * a tab or carriage return, or with + or - followed by anything but a plain number (-3, +81 3 …).
 */
export function isFormulaLike(text: string): boolean {
  return /^[=@\t\r]/.test(text) || /^[+-](?![\d.,\s]*$)/.test(text);
}
