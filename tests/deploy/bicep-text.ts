/**
 * A structural reading of a Bicep file for tests: declarations (param, var, resource, output), their
 * decorators and bodies. It is not a compiler — there is no Bicep CLI offline — so what it proves
 * is the shape of infra/azure.bicep, not that Azure Resource Manager accepts it.
 */

export interface BicepParam {
  name: string;
  type: string;
  /** The text after `=`, if any. */
  defaultValue?: string;
  decorators: string[];
}

export interface BicepResource {
  symbol: string;
  type: string;
  apiVersion: string;
  existing: boolean;
  /** The `{ … }` body, comments removed. */
  body: string;
}

export interface BicepFile {
  params: BicepParam[];
  vars: Map<string, string>;
  resources: BicepResource[];
  outputs: Map<string, string>;
  /** The text with comments removed. */
  text: string;
}

/** Removes `//` and `/* *\/` comments, keeping '…' strings (which may hold `//`, as URLs do). */
export function stripComments(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === "'") {
      // Bicep escapes a quote as \' inside '…'; ''' starts a multi-line string.
      if (source.startsWith("'''", i)) {
        const end = source.indexOf("'''", i + 3);
        const stop = end < 0 ? source.length : end + 3;
        out += source.slice(i, stop);
        i = stop;
        continue;
      }
      let j = i + 1;
      while (j < source.length && source[j] !== "'") j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** The balanced `{…}` or `[…]` starting at `open` (an index of `{` or `[`), strings respected. */
export function balanced(text: string, open: number): string {
  const pairs: Record<string, string> = { '{': '}', '[': ']', '(': ')' };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
      i = j;
    } else if (pairs[ch]) {
      stack.push(pairs[ch]!);
    } else if (ch === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return text.slice(open, i + 1);
    }
  }
  throw new Error(`unbalanced brackets from offset ${open}`);
}

/** The value text of a declaration: a bracketed block or the rest of the line. */
function valueAt(text: string, at: number): string {
  const rest = text.slice(at).trimStart();
  const start = text.length - rest.length;
  const first = rest[0];
  if (first === '{' || first === '[') return balanced(text, start);
  // `[for …]` arrays and `if (…) {…}` conditions
  const line = rest.split('\n')[0]!;
  const brace = line.indexOf('{');
  if (brace >= 0 && /^if\s*\(/.test(line)) return balanced(text, start + brace);
  return line.trim();
}

export function parseBicep(source: string): BicepFile {
  const text = stripComments(source);
  const params: BicepParam[] = [];
  const vars = new Map<string, string>();
  const resources: BicepResource[] = [];
  const outputs = new Map<string, string>();
  const decl = /^(param|var|resource|output)\s+([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$/gm;
  for (const m of text.matchAll(decl)) {
    const [, kind, name, rest] = m as unknown as [string, string, string, string];
    const lineStart = m.index!;
    const afterName = lineStart + m[0].length - rest.length;
    if (kind === 'param') {
      // decorators: the lines starting with @ right above
      const before = text.slice(0, lineStart).split('\n');
      before.pop();
      const decorators: string[] = [];
      for (let i = before.length - 1; i >= 0; i--) {
        const l = before[i]!.trim();
        if (l.startsWith('@')) decorators.unshift(l);
        else if (l === '' || l.startsWith(')') || l.startsWith("'") || l.startsWith(']')) {
          if (l === '') break;
          decorators.unshift(l);
        } else break;
      }
      const pm = /^(\w+)\s*(?:=\s*(.*))?$/.exec(rest.trim());
      params.push({ name, type: pm?.[1] ?? '', defaultValue: pm?.[2]?.trim(), decorators });
    } else if (kind === 'var') {
      const eq = text.indexOf('=', afterName);
      vars.set(name, valueAt(text, eq + 1));
    } else if (kind === 'resource') {
      const rm = /^'([^'@]+)@([^']+)'\s*(existing)?\s*=/.exec(rest);
      if (!rm) continue;
      const eq = text.indexOf('=', afterName + rm[0].length - 1);
      resources.push({ symbol: name, type: rm[1]!, apiVersion: rm[2]!, existing: rm[3] === 'existing', body: valueAt(text, eq + 1) });
    } else {
      const om = /^(\w+)\s*=\s*(.*)$/.exec(rest);
      if (om) outputs.set(name, om[2]!.trim());
    }
  }
  return { params, vars, resources, outputs, text };
}

/** Keys of a Bicep object literal's top level: `{ a: 1, 'b-c': 2 }` → ['a', 'b-c']. */
export function objectKeys(objectText: string): string[] {
  const inner = objectText.trim().replace(/^\{/, '').replace(/\}$/, '');
  const keys: string[] = [];
  let depth = 0;
  let line = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch === "'") {
      let j = i + 1;
      while (j < inner.length && inner[j] !== "'") j += inner[j] === '\\' ? 2 : 1;
      line += inner.slice(i, j + 1);
      i = j;
      continue;
    }
    if ('{[('.includes(ch)) depth++;
    if ('}])'.includes(ch)) depth--;
    if (ch === '\n' && depth === 0) {
      const k = /^\s*('([^']+)'|[A-Za-z_][A-Za-z0-9_]*)\s*:/.exec(line);
      if (k) keys.push(k[2] ?? k[1]!);
      line = '';
    } else {
      line += ch;
    }
  }
  const k = /^\s*('([^']+)'|[A-Za-z_][A-Za-z0-9_]*)\s*:/.exec(line);
  if (k) keys.push(k[2] ?? k[1]!);
  return keys;
}

/** The value text of a top-level key of a Bicep object literal. */
export function objectValue(objectText: string, key: string): string | undefined {
  const re = new RegExp(`^\\s*(?:${key}|'${key}')\\s*:\\s*`, 'm');
  const inner = objectText.trim().slice(1, -1);
  // only top-level keys: scan lines at depth 0
  let depth = 0;
  let offset = 0;
  for (const line of inner.split('\n')) {
    if (depth === 0) {
      const m = re.exec(line);
      if (m) return valueAt(inner, offset + m[0].length);
    }
    for (const ch of line.replace(/'[^']*'/g, "''")) {
      if ('{[('.includes(ch)) depth++;
      if ('}])'.includes(ch)) depth--;
    }
    offset += line.length + 1;
  }
  return undefined;
}

/** The top-level entries of a Bicep object literal with their value texts, in order. */
export function objectEntries(objectText: string): Array<[string, string]> {
  return objectKeys(objectText).map((key) => [key, objectValue(objectText, key) ?? '']);
}

const REFERENCE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Evaluates the value expressions an app setting uses: a string literal, with `${…}` interpolations,
 * or a reference (`programme`, `identity.properties.clientId`) that `resolve` gives a value. Anything
 * else (a function call, an operator, a number) is refused by its text, so a setting written in a
 * way this cannot follow is noticed rather than guessed.
 */
export function evaluateBicep(expression: string, resolve: (reference: string) => string): string {
  const e = expression.trim();
  if (REFERENCE.test(e)) return resolve(e);
  if (!(e.startsWith("'") && e.endsWith("'") && e.length >= 2) || e.startsWith("'''")) throw new Error(`cannot evaluate the Bicep expression ${e}`);
  const body = e.slice(1, -1);
  const escapes: Record<string, string> = { "'": "'", '\\': '\\', n: '\n', r: '\r', t: '\t', $: '$' };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\') {
      const next = body[i + 1] ?? '';
      if (!(next in escapes)) throw new Error(`cannot evaluate the escape \\${next} in ${e}`);
      out += escapes[next];
      i++;
    } else if (ch === "'") {
      throw new Error(`an unescaped quote inside ${e}`);
    } else if (body.startsWith('${', i)) {
      const end = body.indexOf('}', i);
      if (end < 0) throw new Error(`an unclosed \${ in ${e}`);
      out += evaluateBicep(body.slice(i + 2, end), resolve);
      i = end;
    } else {
      out += ch;
    }
  }
  return out;
}
