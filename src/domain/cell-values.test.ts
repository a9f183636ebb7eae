import { cellText, isBlank, readBoolean, readDate, readExcelSerialDate, readInteger, readNumber, readUpn } from './cell-values';

describe('readDate', () => {
  it.each([
    ['2024-04-01', '2024-04-01'],
    ['2024/4/1', '2024-04-01'],
    ['2024/04/01', '2024-04-01'],
    ['2024.4.1', '2024-04-01'],
    ['20240401', '2024-04-01'],
    ['2024年4月1日', '2024-04-01'],
    // A weekday after the date, as Japanese calendars write it.
    ['2024年4月1日(月)', '2024-04-01'],
    ['2024/4/1（月）', '2024-04-01'],
    ['令和6年4月1日（月曜日）', '2024-04-01'],
    ['  2024-04-01  ', '2024-04-01'],
    // 和暦: 令和 starts 2019-05-01 (令和元年), 平成 ends 2019-04-30.
    ['令和5年4月1日', '2023-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['令和 6 年 4 月 1 日', '2024-04-01'],
    ['R5.4.1', '2023-04-01'],
    ['r5/4/1', '2023-04-01'],
    ['R1.5.1', '2019-05-01'],
    ['H31/4/30', '2019-04-30'],
    ['平成31年4月30日', '2019-04-30'],
    ['H1.1.8', '1989-01-08'],
    ['S64.1.7', '1989-01-07'],
    // Full-width digits and separators, as typed with the Japanese IME.
    ['２０２４－０４－０１', '2024-04-01'],
    ['２０２４／４／１', '2024-04-01'],
    ['令和５年４月１日', '2023-04-01'],
    ['Ｒ５．４．１', '2023-04-01'],
    // The IME's ー and the minus sign − as separators.
    ['2024ー04ー01', '2024-04-01'],
    ['２０２４ー０４ー０１', '2024-04-01'],
    ['2024−04−01', '2024-04-01'],
    ['2024‐04‐01', '2024-04-01'],
    // A wall-clock time after the date (Excel, for a cell formatted with a time) is already local.
    ['2024/4/1 9:00', '2024-04-01'],
    ['2024/04/01 0:00:00', '2024-04-01'],
    ['2024-04-01T23:30', '2024-04-01'],
    // Leap days.
    ['2024/2/29', '2024-02-29'],
    ['令和6年2月29日', '2024-02-29'],
  ])('reads %j as %s', (cell, date) => {
    expect(readDate(cell)).toEqual({ ok: true, value: date });
  });

  it.each([
    // SharePoint returns a date column as the UTC instant of JST midnight: the JST calendar date counts.
    ['2024-03-31T15:00:00Z', '2024-04-01'],
    ['2024-03-31T14:59:59Z', '2024-03-31'],
    ['2024-03-31T15:00:00.000Z', '2024-04-01'],
    ['2024-04-01T00:00:00+09:00', '2024-04-01'],
    ['2024-04-01T08:59:59+0900', '2024-04-01'],
    ['2024-03-31T20:00:00-05:00', '2024-04-01'],
  ])('takes the ISO timestamp %s on its JST calendar date %s', (cell, date) => {
    expect(readDate(cell)).toEqual({ ok: true, value: date });
  });

  it('takes a Date object on its JST calendar date', () => {
    expect(readDate(new Date('2024-03-31T15:00:00Z'))).toEqual({ ok: true, value: '2024-04-01' });
    expect(readDate(new Date('nonsense')).ok).toBe(false);
  });

  it.each([
    ['2024/13/40', '存在しない日付です: "2024/13/40"'],
    ['2023/2/29', '存在しない日付です: "2023/2/29"'],
    ['2024-04-31', '存在しない日付です: "2024-04-31"'],
    ['令和5年2月29日', '存在しない日付です: "令和5年2月29日"'],
    // Before the era began.
    ['令和元年4月30日', '元号の期間外の日付です: "令和元年4月30日"'],
    ['H1.1.7', '元号の期間外の日付です: "H1.1.7"'],
    ['R0.4.1', '日付として読めません: "R0.4.1"'],
    ['来年4月', '日付として読めません: "来年4月"（例: 2024-04-01、令和6年4月1日）'],
    ['4/1', '日付として読めません: "4/1"（例: 2024-04-01、令和6年4月1日）'],
    ['45383', '日付として読めません: "45383"（例: 2024-04-01、令和6年4月1日）'],
    ['', '空欄です'],
    ['　', '空欄です'],
  ])('refuses %j with the reason %s', (cell, reason) => {
    expect(readDate(cell)).toEqual({ ok: false, reason });
  });
});

describe('readExcelSerialDate', () => {
  it.each([
    // Excel's 1900 date system: day 1 is 1900-01-01 and a 1900-02-29 that never was is day 60.
    ['45017', '2023-04-01'],
    ['45383', '2024-04-01'],
    ['46022', '2025-12-31'],
    [45017, '2023-04-01'],
    ['４５０１７', '2023-04-01'],
    // A date with a time of day: the fraction is the time.
    ['45017.375', '2023-04-01'],
    ['45017.99999', '2023-04-01'],
    ['10000', '1927-05-18'],
    ['99999', '2173-10-13'],
  ])('reads %j as %s', (cell, date) => {
    expect(readExcelSerialDate(cell)).toBe(date);
  });

  it.each(['4501', '450170', '2024', '45017.', '-45017', '45,017', '2024-04-01', '', 'abc'])('takes %j for no serial date', (cell) => {
    expect(readExcelSerialDate(cell)).toBeUndefined();
  });
});

describe('readNumber and readInteger', () => {
  it.each([
    ['12', 12],
    ['１２', 12],
    [' 12 ', 12],
    ['1,200', 1200],
    ['１，２００', 1200],
    ['2.5', 2.5],
    ['２．５', 2.5],
    ['2.5時間', 2.5],
    ['２．５時間', 2.5],
    ['2.5 h', 2.5],
    ['3hours', 3],
    ['4点', 4],
    ['-3', -3],
    ['.5', 0.5],
    [7, 7],
  ])('reads %j as %d', (cell, n) => {
    expect(readNumber(cell)).toEqual({ ok: true, value: n });
  });

  it.each([
    ['abc', '数値として読めません: "abc"'],
    ['1e3', '数値として読めません: "1e3"'],
    ['100%', '数値として読めません: "100%"'],
    ['1.2.3', '数値として読めません: "1.2.3"'],
    ['', '空欄です'],
  ])('refuses %j with the reason %s', (cell, reason) => {
    expect(readNumber(cell)).toEqual({ ok: false, reason });
  });

  it('refuses a number that is not finite', () => {
    expect(readNumber(Number.NaN).ok).toBe(false);
    expect(readNumber(Number.POSITIVE_INFINITY).ok).toBe(false);
  });

  it('reads whole numbers only as integers', () => {
    expect(readInteger('３')).toEqual({ ok: true, value: 3 });
    expect(readInteger('2.5')).toEqual({ ok: false, reason: '整数ではありません: "2.5"' });
    expect(readInteger('x').ok).toBe(false);
  });
});

describe('readBoolean', () => {
  it.each([
    ['TRUE', true],
    ['true', true],
    ['ＴＲＵＥ', true],
    ['はい', true],
    ['1', true],
    ['有', true],
    ['○', true],
    ['在職', true],
    ['FALSE', false],
    ['False', false],
    ['いいえ', false],
    ['0', false],
    ['無', false],
    ['×', false],
    ['退職', false],
    [true, true],
    [false, false],
  ])('reads %j as %s', (cell, value) => {
    expect(readBoolean(cell)).toEqual({ ok: true, value });
  });

  it('refuses anything else and says what it accepts', () => {
    expect(readBoolean('たぶん')).toEqual({ ok: false, reason: 'はい/いいえとして読めません: "たぶん"（TRUE/FALSE、はい/いいえ、1/0 のいずれか）' });
    expect(readBoolean('')).toEqual({ ok: false, reason: '空欄です' });
  });
});

describe('readUpn', () => {
  it.each([
    ['taro.yamada@city.example.lg.jp', 'taro.yamada@city.example.lg.jp'],
    ['Taro.Yamada@City.Example.LG.JP', 'taro.yamada@city.example.lg.jp'],
    ['  hanako@city.example.jp ', 'hanako@city.example.jp'],
    ['ｈａｎａｋｏ＠ｃｉｔｙ．ｅｘａｍｐｌｅ．ｊｐ', 'hanako@city.example.jp'],
    ["o'brien_2@city-hall.example.jp", "o'brien_2@city-hall.example.jp"],
  ])('reads %j as %s', (cell, upn) => {
    expect(readUpn(cell)).toEqual({ ok: true, value: upn });
  });

  it.each([
    'taro',
    'taro@',
    '@city.example.jp',
    'taro@city',
    'taro@@city.example.jp',
    'taro yamada@city.example.jp',
    // Left over from a copied address list.
    'taro@city.example.jp,',
    'taro@city.example.jp;hanako@city.example.jp',
    '<taro@city.example.jp>',
    '"taro"@city.example.jp',
    // Dots in the wrong places.
    'taro.@city.example.jp',
    '.taro@city.example.jp',
    'taro..yamada@city.example.jp',
    'taro@city..example.jp',
    'taro@city.example.jp.',
    'taro@-city.example.jp',
  ])('refuses %j', (cell) => {
    expect(readUpn(cell)).toEqual({ ok: false, reason: `UPN（メールアドレス形式）として読めません: "${cellText(cell)}"` });
  });

  it('says a blank cell is blank', () => {
    expect(readUpn('')).toEqual({ ok: false, reason: '空欄です' });
  });
});

describe('isBlank and cellText', () => {
  it('treats missing values, spaces and the ideographic space as blank', () => {
    expect([undefined, null, '', '  ', '\u3000'].map(isBlank)).toEqual([true, true, true, true, true]);
    expect([0, '0', 'x', false].map(isBlank)).toEqual([false, false, false, false]);
  });

  it('normalises full-width letters and digits, and trims', () => {
    expect(cellText(' ＡＢＣ１２３ ')).toBe('ABC123');
    expect(cellText(undefined)).toBe('');
    expect(cellText(12)).toBe('12');
  });
});
