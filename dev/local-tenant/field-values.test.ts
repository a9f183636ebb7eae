import { normaliseDateOnly, normaliseDateTime, storedValue } from './field-values';
import { GraphError } from './graph-error';

describe('field values as SharePoint stores them on a JST site', () => {
  it.each([
    ['2024-04-01', '2024-03-31T15:00:00Z'],
    // An instant is read as the JST calendar date it falls on.
    ['2024-03-31T15:00:00Z', '2024-03-31T15:00:00Z'],
    ['2024-04-01T14:59:59Z', '2024-03-31T15:00:00Z'],
    ['2024-04-01T15:00:00Z', '2024-04-01T15:00:00Z'],
    ['2024-04-01T09:00:00+09:00', '2024-03-31T15:00:00Z'],
    ['2024-02-29', '2024-02-28T15:00:00Z'],
  ])('date-only %s → %s', (input, stored) => {
    expect(normaliseDateOnly(input)).toBe(stored);
  });

  it.each(['2023-02-29', '2024-13-01', '2024/04/01', '令和6年4月1日', '2024-04-01T10:00', ''])('refuses %j as a date-only value', (input) => {
    expect(normaliseDateOnly(input)).toBeUndefined();
  });

  it.each([
    ['2024-04-01T10:00:00+09:00', '2024-04-01T01:00:00Z'],
    ['2024-04-01T10:00:00.789Z', '2024-04-01T10:00:00Z'],
    ['2024-04-01T10:00Z', '2024-04-01T10:00:00Z'],
  ])('date-time %s → %s', (input, stored) => {
    expect(normaliseDateTime(input)).toBe(stored);
  });

  it('needs a zone on a date-time: a wall-clock time alone names no instant', () => {
    expect(normaliseDateTime('2024-04-01T10:00:00')).toBeUndefined();
    expect(normaliseDateTime('2024-04-01')).toBeUndefined();
  });

  it('checks JSON types and the 255-character limit of a single line of text, and lets null clear a field', () => {
    const text = { name: 'Code', type: 'text' as const };
    expect(storedValue(text, 'x'.repeat(255))).toHaveLength(255);
    expect(() => storedValue(text, 'x'.repeat(256))).toThrow(/too long/);
    expect(storedValue({ name: 'Reason', type: 'note' }, 'x'.repeat(5000))).toHaveLength(5000);
    expect(() => storedValue({ name: 'Hours', type: 'number' }, '2')).toThrow(GraphError);
    expect(() => storedValue({ name: 'Active', type: 'boolean' }, 'TRUE')).toThrow(/expected true or false/);
    expect(storedValue({ name: 'Hours', type: 'number' }, 2.5)).toBe(2.5);
    expect(storedValue({ name: 'Hours', type: 'number' }, null)).toBeNull();
    try {
      storedValue({ name: 'CompletedOn', type: 'dateOnly' }, '2024-02-30');
      throw new Error('accepted an impossible date');
    } catch (e) {
      expect(e).toMatchObject({ status: 400, code: 'invalidRequest' });
    }
  });
});
