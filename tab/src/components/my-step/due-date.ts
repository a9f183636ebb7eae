import type { RequirementResult } from '../../api/types';

/** Requirements that combine others (次のすべて / いずれか / N 件以上): their evidence is a count (「1／2 達成」). */
const COMBINED = new Set<RequirementResult['kind']>(['allOf', 'anyOf', 'atLeast']);

/**
 * Whether the tab writes a requirement's due date itself. The server's evidence of a single
 * requirement already says it (「未受講 — 期限 12/25」, DESIGN.md "The programme is data"), so the
 * tab only marks it overdue there; a combined requirement's evidence is a count, so its date is shown.
 */
export function showsDueDate(kind: RequirementResult['kind']): boolean {
  return COMBINED.has(kind);
}
