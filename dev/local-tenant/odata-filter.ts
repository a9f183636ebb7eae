import type { SpColumnType } from '../../src/sharepoint/list-schema';
import { normaliseDateOnly, normaliseDateTime, type FieldValue } from './field-values';
import { GraphError, invalidRequest, notSupported } from './graph-error';
import type { ListStore, StoredItem } from './list-store';

/** The header that lets a filter use a column that is not indexed (listitem-list, "Using the $filter query parameter"). */
export const HONOR_NON_INDEXED = 'HonorNonIndexedQueriesWarningMayFailRandomly';

type Literal = string | number | boolean | null;
type Op = 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge';
type Predicate = (item: StoredItem) => boolean;

/**
 * Compiles a listItem `$filter` into a predicate: `fields/X op literal` with eq, ne, lt, gt, le, ge,
 * `startswith(fields/X,'v')`, joined by `and`, with parentheses, naming at most one indexed column. Values compare as SharePoint
 * compares them: text case-insensitively, numbers as numbers, dates as instants (a date literal is read
 * the way a written date is, as JST midnight). A column that is not indexed is refused with Graph's
 * message unless the request carried `Prefer: HonorNonIndexedQueriesWarningMayFailRandomly`.
 */
export function compileFilter(text: string, list: ListStore, honorNonIndexed: boolean): Predicate {
  const parser = new FilterParser(tokenize(text), list, honorNonIndexed);
  const predicate = parser.expression();
  parser.expectEnd();
  // listitem-list: "When filtering on indexed fields, the service can only filter one indexed field at
  // a time." SharePoint answers such a query from one index and fails once that index alone matches
  // more than the list view threshold, so it works on a small list and breaks on a large one; here it
  // is refused every time, so a test finds the reliance before a municipality's 200,000 rows do.
  const indexed = [...parser.indexedColumns];
  if (indexed.length > 1) {
    throw invalidRequest(
      `The attempted operation is prohibited because it exceeds the list view threshold. ` +
        `The filter uses the indexed fields ${indexed.map((n) => `'${n}'`).join(' and ')}; the service can only filter one indexed field at a time.`,
    );
  }
  return predicate;
}

interface Token {
  kind: 'word' | 'string' | 'number' | 'punct';
  text: string;
  value?: Literal;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if (c === "'") {
      // OData doubles a quote inside a string literal: 'O''Brien'.
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw invalidRequest(`Invalid filter clause: unterminated string literal at position ${i}.`);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ kind: 'string', text: text.slice(i, j + 1), value });
      i = j + 1;
    } else {
      const m = /^[^\s(),']+/.exec(text.slice(i))!;
      const word = m[0];
      if (/^-?\d+(\.\d+)?$/.test(word)) tokens.push({ kind: 'number', text: word, value: Number(word) });
      else tokens.push({ kind: 'word', text: word });
      i += word.length;
    }
  }
  return tokens;
}

class FilterParser {
  private pos = 0;
  /** The indexed columns the filter names (one column compared twice, a range, counts once). */
  readonly indexedColumns = new Set<string>();

  constructor(
    private readonly tokens: Token[],
    private readonly list: ListStore,
    private readonly honorNonIndexed: boolean,
  ) {}

  expression(): Predicate {
    const terms = [this.primary()];
    while (this.peekWord('and')) {
      this.pos++;
      terms.push(this.primary());
    }
    if (this.peekWord('or')) throw notSupported("'or' in $filter");
    return terms.length === 1 ? terms[0]! : (item) => terms.every((t) => t(item));
  }

  expectEnd(): void {
    const t = this.tokens[this.pos];
    if (t) throw invalidRequest(`Invalid filter clause: unexpected '${t.text}'.`);
  }

  private primary(): Predicate {
    const t = this.next();
    if (t.kind === 'punct' && t.text === '(') {
      const inner = this.expression();
      this.expectPunct(')');
      return inner;
    }
    if (t.kind === 'word' && t.text.toLowerCase() === 'startswith') {
      this.expectPunct('(');
      const column = this.field(this.next());
      this.expectPunct(',');
      const lit = this.literal();
      this.expectPunct(')');
      if (typeof lit !== 'string' || (column.type !== 'text' && column.type !== 'note')) {
        throw invalidRequest(`startswith needs a text column and a string, not '${column.name}' and ${JSON.stringify(lit)}.`);
      }
      const prefix = lit.toLowerCase();
      return (item) => {
        const v = item.fields[column.name];
        return typeof v === 'string' && v.toLowerCase().startsWith(prefix);
      };
    }
    if (t.kind === 'word' && (t.text.toLowerCase() === 'not' || /^(contains|endswith|substringof)$/i.test(t.text))) {
      throw notSupported(`'${t.text}' in $filter`);
    }
    const column = this.field(t);
    const opToken = this.next();
    const op = opToken.text.toLowerCase();
    if (!['eq', 'ne', 'lt', 'gt', 'le', 'ge'].includes(op)) throw invalidRequest(`Invalid filter clause: unknown operator '${opToken.text}'.`);
    return comparison(column, op as Op, this.literal());
  }

  /** `fields/X` → the column, checking it exists and may be filtered on. */
  private field(t: Token): { name: string; type: SpColumnType } {
    const m = t.kind === 'word' ? /^fields\/(.+)$/.exec(t.text) : null;
    if (!m) {
      if (t.kind === 'word') throw notSupported(`Filtering on the listItem property '${t.text}' (only fields/… columns)`);
      throw invalidRequest(`Invalid filter clause: expected fields/<column>, found '${t.text}'.`);
    }
    const column = this.list.columnsByName.get(m[1]!);
    if (!column) throw invalidRequest(`Field '${m[1]}' is not recognized`);
    if (!column.indexed && !this.honorNonIndexed) {
      throw new GraphError(
        400,
        'invalidRequest',
        `Field '${column.name}' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: ${HONOR_NON_INDEXED}' header to allow this, but be warned that such queries may fail on large lists.`,
      );
    }
    if (column.indexed) this.indexedColumns.add(column.name);
    return column;
  }

  private literal(): Literal {
    const t = this.next();
    if (t.kind === 'string' || t.kind === 'number') return t.value!;
    const w = t.text.toLowerCase();
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    throw invalidRequest(`Invalid filter clause: '${t.text}' is not a literal.`);
  }

  private next(): Token {
    const t = this.tokens[this.pos++];
    if (!t) throw invalidRequest('Invalid filter clause: the expression ends too early.');
    return t;
  }

  private peekWord(word: string): boolean {
    const t = this.tokens[this.pos];
    return t?.kind === 'word' && t.text.toLowerCase() === word;
  }

  private expectPunct(p: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== p) throw invalidRequest(`Invalid filter clause: expected '${p}', found '${t.text}'.`);
  }
}

function comparison(column: { name: string; type: SpColumnType }, op: Op, lit: Literal): Predicate {
  const name = column.name;
  if (lit === null) {
    if (op !== 'eq' && op !== 'ne') throw invalidRequest(`Invalid filter clause: null can only be compared with eq or ne.`);
    return op === 'eq' ? (item) => item.fields[name] === undefined : (item) => item.fields[name] !== undefined;
  }
  const target = comparable(column, lit);
  const test = ORDER[op];
  const isText = column.type === 'text' || column.type === 'note';
  return (item) => {
    const v: FieldValue | undefined = item.fields[name];
    // A missing value equals nothing, differs from everything and is neither less nor greater.
    if (v === undefined) return op === 'ne';
    const a = isText && typeof v === 'string' ? v.toLowerCase() : v;
    return test(a < target ? -1 : a > target ? 1 : 0);
  };
}

const ORDER: Record<Op, (c: number) => boolean> = {
  eq: (c) => c === 0,
  ne: (c) => c !== 0,
  lt: (c) => c < 0,
  gt: (c) => c > 0,
  le: (c) => c <= 0,
  ge: (c) => c >= 0,
};

/** The literal in the column's stored form, or Graph's 400 when the types do not match. */
function comparable(column: { name: string; type: SpColumnType }, lit: Exclude<Literal, null>): FieldValue {
  const mismatch = (): Error => invalidRequest(`Invalid filter clause: ${JSON.stringify(lit)} cannot be compared with the ${column.type} field '${column.name}'.`);
  switch (column.type) {
    case 'text':
    case 'note':
      if (typeof lit !== 'string') throw mismatch();
      return lit.toLowerCase();
    case 'number':
      if (typeof lit !== 'number') throw mismatch();
      return lit;
    case 'boolean':
      if (typeof lit !== 'boolean') throw mismatch();
      return lit;
    case 'dateOnly': {
      const v = typeof lit === 'string' ? normaliseDateOnly(lit) : undefined;
      if (v === undefined) throw mismatch();
      return v;
    }
    case 'dateTime': {
      const v = typeof lit === 'string' ? normaliseDateTime(lit) : undefined;
      if (v === undefined) throw mismatch();
      return v;
    }
  }
}
