import { LIST_NAMES, type ListName } from './lists';
import type { DataQualityIssue, ListTally, Records } from './records';

/** The records array each list's rows become. */
export const RECORDS_OF: Record<ListName, keyof Records> = {
  Staff: 'staff',
  Roles: 'roles',
  Courses: 'courses',
  Completions: 'completions',
  Projects: 'projects',
  ProjectMembers: 'projectMembers',
  Evaluations: 'evaluations',
  Qualifications: 'qualifications',
  Contributions: 'contributions',
  SkillLevels: 'skillLevels',
  Nominations: 'nominations',
  Submissions: 'submissions',
};

/**
 * Rows read and refused per list, from the parsed records and the data-quality report: a refused
 * row is counted once however many of its cells were reported, and a file skipped whole counts
 * every data row it held. Lists with neither a record nor an issue are left out.
 */
export function tallyRows(records: Records, issues: readonly DataQualityIssue[]): ListTally[] {
  const refusedRows = new Map<ListName, Map<string, number>>();
  const listed = new Set<ListName>();
  issues.forEach((issue, n) => {
    listed.add(issue.list);
    if (issue.effect !== 'rowSkipped' && issue.effect !== 'listSkipped') return;
    let rows = refusedRows.get(issue.list);
    if (!rows) refusedRows.set(issue.list, (rows = new Map()));
    // One row may have several issues (an unknown UPN and an unknown course): key it by where it is.
    const key = issue.effect === 'listSkipped' ? `list#${n}` : issue.row !== undefined ? `row ${issue.row}` : issue.itemId !== undefined ? `item ${issue.itemId}` : `issue#${n}`;
    rows.set(key, Math.max(rows.get(key) ?? 0, issue.rows ?? (issue.effect === 'rowSkipped' ? 1 : 0)));
  });
  const out: ListTally[] = [];
  for (const list of LIST_NAMES) {
    const read = records[RECORDS_OF[list]].length;
    if (read === 0 && !listed.has(list)) continue;
    let refused = 0;
    for (const n of refusedRows.get(list)?.values() ?? []) refused += n;
    out.push({ list, rows: read + refused, read, refused });
  }
  return out;
}
