import { decodeBody, encodeBody, MAX_MESSAGE_BYTES } from './work-queue';

describe('queue message bodies', () => {
  it('travel as JSON text that XML 1.0 can carry', () => {
    const body = { upn: "o'brien@x.jp", note: '<&>\u0001\uffff\ud800 日本語' };
    const text = encodeBody(body);
    // eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot carry
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(text)).toBe(false);
    expect(decodeBody(text)).toEqual({ ok: true, value: body });
  });

  it('takes JSON in base64 too (what tools that encode messages write), and nothing else', () => {
    expect(decodeBody(Buffer.from('{"day":"2026-12-01"}').toString('base64'))).toEqual({ ok: true, value: { day: '2026-12-01' } });
    expect(decodeBody('not json')).toEqual({ ok: false });
    expect(decodeBody('abcd')).toEqual({ ok: false });
  });

  it('refuses a body over 64 KiB of UTF-8 with a message that says what to do, and takes one exactly at the limit', () => {
    const overhead = Buffer.byteLength(JSON.stringify({ s: '' }));
    expect(Buffer.byteLength(encodeBody({ s: 'a'.repeat(MAX_MESSAGE_BYTES - overhead) }))).toBe(MAX_MESSAGE_BYTES);
    // あ is 3 bytes in UTF-8: 22,000 of them are 66,000 bytes though only 22,000 characters.
    expect(() => encodeBody({ s: 'あ'.repeat(22_000) })).toThrow(expect.objectContaining({ code: 'STATE.TOO_LARGE' }));
    expect(() => encodeBody({ s: 'あ'.repeat(22_000) })).toThrow('本文には ID だけを入れ');
    expect(() => encodeBody(undefined)).toThrow(expect.objectContaining({ code: 'STATE.INVALID' }));
  });
});
