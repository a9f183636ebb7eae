/**
 * Latin words a Japanese text of SkillSteps may carry: the product's and Microsoft's names (Excel and
 * its .xlsx among them) and the abbreviations and units Japanese offices write in Latin letters (MB). `state` is the OAuth parameter a sign-in
 * error names, docs/deploy.md「Operations」 the page and section an administrator is sent to.
 * Anything else Latin in a Japanese text is English leaking in (「Step 0 / 1：未着手」 was).
 */
export const LATIN_IN_JAPANESE: ReadonlySet<string> = new Set(['SkillSteps', 'Microsoft', 'Teams', 'SharePoint', 'DX', 'KPI', 'CSV', 'UPN', 'URL', 'ID', 'Excel', 'xlsx', 'MB', 'PDF', 'A4', 'state', 'docs/deploy.md', 'Operations']);

/** The Latin words of a text (a path or a file name counts as one word), not counting `{placeholders}`. */
export function latinWords(text: string): string[] {
  return [...text.replace(/\{\w+\}/g, '').matchAll(/[A-Za-z][A-Za-z0-9./-]*[A-Za-z0-9]|[A-Za-z]/g)].map((m) => m[0]);
}

/** The Latin words of a Japanese text that are not allowed in it. */
export function englishIn(text: string): string[] {
  return latinWords(text).filter((w) => !LATIN_IN_JAPANESE.has(w));
}
