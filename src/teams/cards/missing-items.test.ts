import { withoutDueSuffix } from './missing-items';

describe('missing items', () => {
  it.each([
    ['未受講 — 期限 12/25', '未受講'],
    ['12時間／20時間 — 期限 9/1 を過ぎています', '12時間／20時間'],
    ['0時間／20時間 — 期限 2027/2/25', '0時間／20時間'],
    ['Not completed — due 2026-12-25', 'Not completed'],
    ['12 of 20 hours — overdue since 2026-09-01', '12 of 20 hours'],
    ['該当 1件・連続1年度 — 令和7年度「窓口業務のBPR」 ○', '該当 1件・連続1年度 — 令和7年度「窓口業務のBPR」 ○'],
  ])('takes the short due date off the evidence %s', (evidence, expected) => {
    expect(withoutDueSuffix(evidence)).toBe(expected);
  });
});
