import { cardBytes, CARD_BUDGET_BYTES, expand, fitToBudget, toAttachment, base, type AdaptiveCardJson } from './render';
import { helpCard } from './help-card';

describe('rendering', () => {
  const template = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: '${title}', wrap: true },
      { type: 'Input.Text', id: 'reason', label: 'x', value: '${previous}' },
      { type: 'TextBlock', $data: '${rows}', text: '${name}', wrap: true },
    ],
    actions: [{ type: 'Action.Execute', $when: '${show}', title: 'x', verb: 'help.show', data: {} }],
  };

  it('expands a template, dropping empty values and empty lists but keeping empty action data', () => {
    const card = expand(template, { ...base('ja', 'x'), title: '見出し', previous: '', rows: [{ name: 'a' }, { name: 'b' }], show: false });
    expect(card.body).toEqual([
      { type: 'TextBlock', text: '見出し', wrap: true },
      { type: 'Input.Text', id: 'reason', label: 'x' },
      { type: 'TextBlock', text: 'a', wrap: true },
      { type: 'TextBlock', text: 'b', wrap: true },
    ]);
    expect(card.actions).toBeUndefined();
    const shown = expand(template, { ...base('ja', 'x'), title: 'x', previous: '理由', rows: [], show: true });
    expect(shown.actions).toEqual([{ type: 'Action.Execute', title: 'x', verb: 'help.show', data: {} }]);
    expect(shown.body).toHaveLength(2);
  });

  it('keeps user text that looks like a binding as it is', () => {
    const card = expand(template, { ...base('ja', 'x'), title: '理由 ${evil}', previous: '', rows: [], show: false });
    expect(card.body[0]).toMatchObject({ text: '理由 ${evil}' });
  });

  it('counts bytes as UTF-8: a Japanese character is three', () => {
    const card = { type: 'AdaptiveCard', $schema: '', version: '1.5', body: [] } as AdaptiveCardJson;
    const ja = { ...card, fallbackText: 'あ' };
    expect(cardBytes(ja) - cardBytes({ ...card, fallbackText: 'a' })).toBe(2);
  });

  it('lowers a list limit until the card fits the budget', () => {
    const limits: number[] = [];
    const build = (limit: number): AdaptiveCardJson => {
      limits.push(limit);
      return { type: 'AdaptiveCard', $schema: '', version: '1.5', body: Array.from({ length: limit }, () => ({ type: 'TextBlock', text: 'あ'.repeat(100) })) };
    };
    const card = fitToBudget(build, 1000);
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(card.body.length).toBeGreaterThan(50);
    expect(limits.length).toBeLessThan(10);
    expect(fitToBudget(build, 3).body).toHaveLength(3);
  });

  it('wraps a card for botbuilder', () => {
    const card = helpCard({ canNominate: false, office: false });
    expect(toAttachment(card)).toEqual({ contentType: 'application/vnd.microsoft.card.adaptive', content: card });
  });
});
