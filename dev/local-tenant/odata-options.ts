import { badRequest, invalidRequest } from './graph-error';
import { queryOption } from './graph-call';

/** What a listItem request asked for: fields expanded (all, or a selection) and which item properties. */
export interface ItemShape {
  /** undefined: fields not expanded; null: all fields; a set: only these (plus @odata.etag). */
  fields: Set<string> | null | undefined;
  /** undefined: every listItem property; a set: only these. */
  select: Set<string> | undefined;
}

/** Graph's default page of list items, and SharePoint's largest (a larger $top is capped). */
export const DEFAULT_TOP = 200;
export const MAX_TOP = 5000;

/**
 * Reads `$expand=fields`, `$expand=fields($select=A,B)` (also `select=` without the `$`, as Graph's
 * own listItem examples write it) and `$select` on the item.
 */
export function itemShape(query: URLSearchParams): ItemShape {
  const expand = queryOption(query, 'expand');
  let fields: ItemShape['fields'];
  if (expand !== null && expand.trim() !== '') {
    for (const part of splitTopLevel(expand)) {
      const m = /^fields(?:\((.*)\))?$/.exec(part.trim());
      if (!m) throw badRequest(`Parsing OData Select and Expand failed: Could not find a property named '${part.trim()}' on type 'microsoft.graph.listItem'.`);
      const inner = m[1]?.trim();
      if (!inner) {
        fields = null;
        continue;
      }
      const sel = /^\$?select=(.*)$/.exec(inner);
      if (!sel) throw badRequest(`Only $select is supported inside $expand=fields(…), not '${inner}'.`);
      const names = sel[1]!.split(',').map((s) => s.trim()).filter(Boolean);
      fields = new Set([...(fields ?? []), ...names]);
    }
  }
  const selectText = queryOption(query, 'select');
  const select = selectText ? new Set(selectText.split(',').map((s) => s.trim()).filter(Boolean)) : undefined;
  return { fields, select };
}

/** $top: the default when absent, capped at 5,000; anything but a positive whole number is refused. */
export function pageSize(query: URLSearchParams): number {
  const top = queryOption(query, 'top');
  if (top === null) return DEFAULT_TOP;
  if (!/^\d+$/.test(top) || Number(top) < 1) throw invalidRequest(`Invalid value '${top}' for $top: a positive whole number is expected.`);
  return Math.min(Number(top), MAX_TOP);
}

/** Splits on commas that are not inside parentheses: `fields($select=A,B),x` → [`fields($select=A,B)`, `x`]. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((p) => p.trim() !== '');
}

/** Graph links carry the query they were made from, with the paging token replaced. */
export function linkQuery(query: URLSearchParams, drop: string[], add: Record<string, string>): string {
  const parts: string[] = [];
  for (const [k, v] of query) if (!drop.includes(k)) parts.push(`${k}=${encodeQueryValue(v)}`);
  for (const [k, v] of Object.entries(add)) parts.push(`${k}=${v}`);
  return parts.join('&');
}

/** Percent-encodes what a query value cannot hold, leaving OData's `$ , = / : @` readable. */
function encodeQueryValue(v: string): string {
  return encodeURIComponent(v).replace(/%(24|2C|3D|2F|3A|40)/gi, (m) => decodeURIComponent(m));
}
