import { StateError } from './errors';
import { decodeKey, encodeKey, getText, putText, type EntityProps } from './table-values';

describe('table keys', () => {
  it.each([
    ["o'brien+dx@city.example.jp", "o'brien+dx@city.example.jp"],
    ['a:1AbC_dEf-xyz', 'a:1AbC_dEf-xyz'],
    ['19:abc@thread.tacv2;messageid=123', '19:abc@thread.tacv2;messageid=123'],
    ['19:a/b\\c#d?e@thread.skype', '19:a%2Fb%5Cc%23d%3Fe@thread.skype'],
    ['100%', '100%25'],
    ['tab\there\nnew\u007f\u0085', 'tab%09here%0Anew%7F%85'],
    ['総務部', '総務部'],
  ])('keeps %j readable and reversible', (value, key) => {
    expect(encodeKey(value)).toBe(key);
    expect(decodeKey(encodeKey(value))).toBe(value);
    // eslint-disable-next-line no-control-regex -- the characters Azure Tables refuses in a key
    expect(encodeKey(value)).not.toMatch(/[/\\#?\u0000-\u001f\u007f-\u009f]/);
  });

  it('never decodes what it did not encode: a literal "%41" survives the round trip', () => {
    expect(decodeKey(encodeKey('%41'))).toBe('%41');
  });

  it('refuses an empty key and one longer than a key may be', () => {
    expect(() => encodeKey('')).toThrow(StateError);
    expect(() => encodeKey('/'.repeat(200))).toThrow('キーが長すぎます');
  });
});

describe('long text over several properties', () => {
  it('splits at 30,000 characters, never inside a surrogate pair, and reads back whole', () => {
    const text = `${'a'.repeat(29_999)}😀${'あ'.repeat(40_000)}`;
    const e: EntityProps = {};
    putText(e, 'Payload', text);
    expect(e.PayloadParts).toBe(3);
    expect((e.Payload as string).length).toBe(29_999);
    expect(getText(e, 'Payload')).toBe(text);
  });

  it('reads only the parts the count names, so a shorter rewrite merged over a longer one is not mixed up', () => {
    const e: EntityProps = {};
    putText(e, 'Reference', 'x'.repeat(70_000));
    putText(e, 'Reference', 'short');
    expect(e.Reference3).toBeDefined();
    expect(getText(e, 'Reference')).toBe('short');
  });

  it('refuses text an entity cannot hold', () => {
    expect(() => putText({}, 'Payload', 'x'.repeat(30_000 * 15 + 1))).toThrow(expect.objectContaining({ code: 'STATE.TOO_LARGE' }));
  });
});
