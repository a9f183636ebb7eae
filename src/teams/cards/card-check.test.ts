import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { base, CARD_SCHEMA, expand, type AdaptiveCardJson } from './render';
import { stringsFor, type CardStringKey } from '../../i18n/cards';
import { inspectCard } from './testing/card-check';

// The card tests rely on inspectCard to fail when a card breaks: each kind of breakage is shown here.

const good = (): AdaptiveCardJson => ({
  type: 'AdaptiveCard',
  $schema: CARD_SCHEMA,
  version: '1.5',
  msteams: { width: 'Full' },
  body: [{ type: 'TextBlock', text: 'ステップ', wrap: true }],
  actions: [{ type: 'Action.Execute', title: 'ステップを見る', verb: 'mystep.show', data: {} }],
});

function problemsOf(change: (card: AdaptiveCardJson) => void): string[] {
  const card = good();
  change(card);
  return inspectCard(card).problems;
}

describe('inspectCard', () => {
  it('passes a good card', () => {
    expect(inspectCard(good()).problems).toEqual([]);
  });

  it.each<[string, (card: AdaptiveCardJson) => void, RegExp]>([
    ['an unknown element type', (c) => c.body.push({ type: 'Carousel2', text: 'x' }), /UnknownElementType/],
    ['an invalid colour', (c) => c.body.push({ type: 'TextBlock', text: 'x', wrap: true, color: 'Red' }), /InvalidPropertyValue.*color/],
    ['a property the parser does not know', (c) => c.body.push({ type: 'TextBlock', text: 'x', wrap: true, colour: 'Good' }), /colour: not understood/],
    ['a property newer than 1.5', (c) => c.body.push({ type: 'Input.Text', id: 'comment', label: 'x', labelPosition: 'inline' }), /UnsupportedProperty|labelPosition/],
    ['an unexpanded binding', (c) => c.body.push({ type: 'TextBlock', text: '期限 ${due}', wrap: true }), /unexpanded bindings: \$\{due\}/],
    ['a template keyword left over', (c) => c.body.push({ type: 'TextBlock', $when: 'x', text: 'x', wrap: true }), /template keywords/],
    ['another version', (c) => (c.version = '1.6' as '1.5'), /version is 1\.6/],
    ['a version the parser does not support', (c) => (c.version = '1.9' as '1.5'), /UnsupportedCardVersion|version is 1\.9/],
    ['a TextBlock without text', (c) => c.body.push({ type: 'TextBlock', wrap: true }), /TextBlock without text/],
    ['a TextBlock that does not wrap', (c) => c.body.push({ type: 'TextBlock', text: 'x' }), /does not wrap/],
    ['a wide ColumnSet', (c) => c.body.push({ type: 'ColumnSet', columns: [1, 2, 3].map((n) => ({ type: 'Column', items: [{ type: 'TextBlock', text: String(n), wrap: true }] })) }), /ColumnSet of 3 columns/],
    ['an empty ChoiceSet', (c) => c.body.push({ type: 'Input.ChoiceSet', id: 'department', label: '部', choices: [] }), /at least one choice/],
    ['a required input without an error message', (c) => c.body.push({ type: 'Input.Text', id: 'department', label: '部', isRequired: true }), /RequiredInputsShouldHaveErrorMessage/],
    ['two inputs with one id', (c) => c.body.push({ type: 'Input.Text', id: 'comment', label: 'a' }, { type: 'Input.Text', id: 'comment', label: 'b' }), /DuplicateId/],
    ['an unknown verb', (c) => c.actions!.push({ type: 'Action.Execute', title: 'x', verb: 'mystep.showw', data: {} }), /unknown verb mystep\.showw/],
    ['state in the data', (c) => c.actions!.push({ type: 'Action.Execute', title: 'x', verb: 'nomination.approve', data: { nominationId: '1', status: 'pending' } }), /carries status beyond the contract/],
    ['data the handler cannot read', (c) => c.actions!.push({ type: 'Action.Execute', title: 'x', verb: 'reminders.mute', data: { days: 'forever' } }), /days must be/],
    ['Action.Submit', (c) => c.actions!.push({ type: 'Action.Submit', title: 'x', data: {} }), /Action\.Submit/],
    ['an OpenUrl to a non-https URL', (c) => c.actions!.push({ type: 'Action.OpenUrl', title: 'x', url: 'javascript:alert(1)' }), /OpenUrl to javascript/],
    ['an input id outside the contract', (c) => c.body.push({ type: 'Input.Text', id: 'nomineeUpn', label: 'x' }), /nomineeUpn" is not in the contract/],
    ['an input no button reads', (c) => c.body.push({ type: 'Input.Text', id: 'comment', label: 'x' }), /input comment is read by no button/],
    ['a button whose input is missing', (c) => c.actions!.push({ type: 'Action.Execute', title: 'x', verb: 'channel.map', data: {} }), /reads input department, which the card lacks/],
    ['a refresh without userIds', (c) => (c.refresh = { action: { type: 'Action.Execute', verb: 'nomination.refresh', data: { nominationId: '1' } } }), /userIds/],
    ['a card over 28 KB', (c) => c.body.push(...Array.from({ length: 400 }, (_, i) => ({ type: 'TextBlock', text: `研修その${i}：期限切れの研修があります`, wrap: true }))), /over Teams' limit/],
  ])('reports %s', (_name, change, expected) => {
    const problems = problemsOf(change);
    expect(problems.join('\n')).toMatch(expected);
  });
});

describe('templates', () => {
  const dir = join(__dirname, 'templates');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const strings = stringsFor('ja');

  it('are all there', () => {
    expect(files.sort()).toEqual(
      [
        'award-notice.json',
        'channel-announcement.json',
        'channel-setup.json',
        'digest.json',
        'evaluation-request.json',
        'help.json',
        'my-step.json',
        'nomination-form.json',
        'nomination-request.json',
        'nominee-welcome.json',
        'notice.json',
        'pending.json',
        'reminder.json',
        'report-choose.json',
        'report-form.json',
        'report-request.json',
        'report-result.json',
      ].sort(),
    );
  });

  it.each(files)('%s is schema 1.5 and reads only strings of the table without placeholders', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const json = JSON.parse(text) as Record<string, unknown>;
    expect([json.type, json.version, json.$schema]).toEqual(['AdaptiveCard', '1.5', CARD_SCHEMA]);
    const keys = [...text.matchAll(/\$\{(?:\$root\.)?t\.(\w+)\}/g)].map((m) => m[1]!);
    for (const key of keys) {
      expect(strings).toHaveProperty(key);
      // A string with {placeholders} must be filled by the builder, not read raw by the template.
      expect(`${key}: ${strings[key as CardStringKey]}`).not.toMatch(/\{\w+\}/);
    }
  });

  it('throws on a template the engine reports as broken, rather than sending it', () => {
    const broken = { type: 'AdaptiveCard', $schema: CARD_SCHEMA, version: '1.5', body: [{ type: 'TextBlock', text: 'x', wrap: true, $when: 'not an expression' }] };
    expect(() => expand(broken, base('ja', 'x'))).toThrow(/not an Adaptive Expression/);
  });
});
