import type { FieldValue } from './field-values';
import { ListStore, TITLE_COLUMN, type Column } from './list-store';
import { compileFilter } from './odata-filter';

const column = (name: string, type: Column['type'], indexed = true): Column => ({ id: name, name, displayName: name, type, indexed, required: false, description: '' });

function listWith(rows: Array<Record<string, FieldValue>>): ListStore {
  const list = new ListStore('l', 'L', 'L', '', 'now', 'now', [
    { ...TITLE_COLUMN },
    column('Code', 'text'),
    column('Hours', 'number'),
    column('Active', 'boolean'),
    column('Due', 'dateOnly'),
    column('Grade', 'text', false),
  ]);
  for (const r of rows) list.insert(r, 0, 'now');
  return list;
}

const list = listWith([
  { Code: "O'Brien", Hours: 2, Active: true, Due: '2024-03-31T15:00:00Z', Grade: '主事' },
  { Code: 'abc', Hours: 5, Active: false, Due: '2024-04-30T15:00:00Z' },
  { Hours: 1 },
]);

function ids(filter: string, honorNonIndexed = false): number[] {
  const predicate = compileFilter(filter, list, honorNonIndexed);
  return [...list.itemsAfter(0)].filter(predicate).map((i) => i.id);
}

describe('listItem $filter', () => {
  it.each([
    ["fields/Code eq 'O''Brien'", [1]],
    ["fields/Code eq 'ABC'", [2]],
    ["fields/Code ne 'abc'", [1, 3]],
    ['fields/Code eq null', [3]],
    ['fields/Code ne null', [1, 2]],
    ['fields/Hours gt 1 and fields/Hours le 5', [1, 2]],
    ['fields/Hours ge 2.5', [2]],
    ['fields/Active eq true', [1]],
    ["fields/Due ge '2024-04-01'", [1, 2]],
    ["fields/Due lt '2024-04-30T15:00:00Z'", [1]],
    ["startswith(fields/Code,'o''b')", [1]],
    ['(fields/Hours lt 3) and (fields/Hours ge 1 and fields/Hours ne 1)', [1]],
  ])('%s', (filter, expected) => {
    expect(ids(filter)).toEqual(expected);
  });

  it('takes one indexed column at a time (listitem-list), with non-indexed ones beside it under Prefer', () => {
    expect(() => ids("fields/Code eq 'abc' and fields/Hours eq 5")).toThrow("uses the indexed fields 'Code' and 'Hours'; the service can only filter one indexed field at a time");
    expect(() => ids("(fields/Hours lt 3) and (startswith(fields/Code, 'O') and fields/Active eq true)")).toThrow(/'Hours' and 'Code' and 'Active'/);
    expect(ids("(startswith(fields/Code, 'O')) and (fields/Grade eq '主事')", true)).toEqual([1]);
  });

  it("refuses a column that is not indexed with Graph's message, unless Prefer allows it", () => {
    expect(() => ids("fields/Grade eq '主事'")).toThrow("Field 'Grade' cannot be referenced in filter or orderby as it is not indexed.");
    expect(ids("fields/Grade eq '主事'", true)).toEqual([1]);
  });

  it.each([
    ["fields/Nope eq 'x'", "Field 'Nope' is not recognized"],
    ["fields/Hours eq '2'", 'cannot be compared'],
    ["fields/Due eq '2024-02-30'", 'cannot be compared'],
    ["fields/Code eq 'open", 'unterminated'],
    ['fields/Code like 1', "unknown operator 'like'"],
    ["fields/Code eq 'a' and", 'ends too early'],
    ['fields/Hours lt null', 'null can only be compared with eq or ne'],
  ])('refuses %s with 400', (filter, message) => {
    expect(() => ids(filter)).toThrow(message);
    try {
      ids(filter);
    } catch (e) {
      expect(e).toMatchObject({ status: 400, code: 'invalidRequest' });
    }
  });

  it.each(["fields/Code eq 'a' or fields/Code eq 'b'", "contains(fields/Code,'a')", "id eq '1'"])('says %s is not supported here rather than answering wrongly', (filter) => {
    expect(() => ids(filter)).toThrow(/not supported by the local tenant/);
  });
});
