import { parseEnvFile, placeholders, renderJsonTemplate } from './render';

describe('parseEnvFile', () => {
  test('reads KEY=value lines the way the toolkit writes them, skipping comments and blanks', () => {
    const vars = parseEnvFile('\uFEFF# comment\nTEAMSFX_ENV=dev\n\nTAB_DOMAIN=app.azurewebsites.net\nEMPTY=\nQUOTED="a # b"\nSINGLE=\'x\'\nexport BOT_ID=1 # trailing comment\n');
    expect(vars).toEqual({ TEAMSFX_ENV: 'dev', TAB_DOMAIN: 'app.azurewebsites.net', EMPTY: '', QUOTED: 'a # b', SINGLE: 'x', BOT_ID: '1' });
  });

  test('keeps "=" inside values (connection strings, base64)', () => {
    expect(parseEnvFile('A=b=c==\n').A).toBe('b=c==');
  });
});

describe('renderJsonTemplate', () => {
  test('replaces every placeholder, with or without spaces inside the braces', () => {
    const out = renderJsonTemplate('{"a":"${{A}}","b":"x-${{ B }}-y","c":"${{A}}"}', { A: '1', B: '2' });
    expect(out).toEqual({ text: '{"a":"1","b":"x-2-y","c":"1"}', missing: [] });
  });

  test('reports each absent or empty variable once, by name, and leaves it in place', () => {
    const out = renderJsonTemplate('{"a":"${{A}}","b":"${{B}}","c":"${{B}}"}', { A: '' });
    expect(out.missing).toEqual(['A', 'B']);
    expect(out.text).toContain('${{B}}');
  });

  test('escapes values for JSON, so a quote cannot break the document', () => {
    const out = renderJsonTemplate('{"name":"${{N}}"}', { N: 'say "hi" \\ bye' });
    expect(JSON.parse(out.text)).toEqual({ name: 'say "hi" \\ bye' });
  });

  test('placeholders lists the names a template uses', () => {
    expect(placeholders('${{A}} ${{ B }} ${{A}} $A {{C}}')).toEqual(['A', 'B']);
  });
});
