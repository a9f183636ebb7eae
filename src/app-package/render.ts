/**
 * Rendering the app package templates: `${{VAR}}` placeholders (the Microsoft 365 Agents Toolkit /
 * Teams Toolkit syntax) replaced from an environment's `env/.env.<env>` file and, for secrets,
 * `env/.env.<env>.user`. Pure functions; reading the files is the caller's business.
 */

/** `${{NAME}}`, spaces allowed inside the braces as the toolkit allows them. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export type EnvVars = Readonly<Record<string, string>>;

/** Reads a dotenv file as the toolkit writes it: `KEY=value`, `# comments`, optional quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim().replace(/^export\s+/, '');
    let value = line.slice(eq + 1).trim();
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2] ?? '';
    else value = value.replace(/\s+#.*$/, '');
    vars[key] = value;
  }
  return vars;
}

/** Every placeholder name a template uses, in order of first use. */
export function placeholders(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) names.add(m[1] ?? '');
  return [...names];
}

export interface Rendered {
  text: string;
  /** Placeholders with no value (absent or empty in the environment), in order of first use. */
  missing: string[];
}

/**
 * Replaces the placeholders of a JSON template. Values are inserted JSON-escaped (they always sit
 * inside a JSON string), so a value with a quote or a backslash cannot break the document.
 * An empty value counts as missing: the toolkit writes `KEY=` for values a later step fills in.
 */
export function renderJsonTemplate(template: string, vars: EnvVars): Rendered {
  const missing = new Set<string>();
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined || value === '') {
      missing.add(name);
      return whole;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  return { text, missing: [...missing] };
}
