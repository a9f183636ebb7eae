import { LineCounter, parseDocument, isNode, type Node } from 'yaml';
import { validateProgramme, type ProgrammeError } from '../domain/programme-schema';
import type { Programme } from '../domain/programme';

/** A programme error located in its YAML file. */
export interface LocatedProgrammeError extends ProgrammeError {
  line?: number;
}

/** The programme read, with the definition it was read from (the parsed YAML, which the office's overrides are applied to). */
export type ProgrammeTextResult = { ok: true; programme: Programme; definition: unknown } | { ok: false; errors: LocatedProgrammeError[] };

/**
 * Parses and validates a programme definition written in YAML. Syntax errors and schema errors
 * both come back with their path and, where the YAML has one, the line.
 */
export function parseProgrammeYaml(text: string): ProgrammeTextResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        path: '(yaml)',
        line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
        message: e.message.split('\n')[0]!,
      })),
    };
  }
  const definition: unknown = doc.toJS({ maxAliasCount: 100 });
  const result = validateProgramme(definition);
  if (result.ok) return { ...result, definition };
  return {
    ok: false,
    errors: result.errors.map((e) => {
      const line = lineOf(doc, lineCounter, e.path);
      return line === undefined ? e : { ...e, line };
    }),
  };
}

/** Splits `roles[2].steps[1].requires` into ['roles', 2, 'steps', 1, 'requires']. */
export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) out.push(m[1] !== undefined ? Number(m[1]) : m[2]!);
  return out;
}

function lineOf(doc: ReturnType<typeof parseDocument>, lc: LineCounter, path: string): number | undefined {
  const segments = pathSegments(path);
  // The nearest node that exists: a missing field is reported at its parent.
  for (let n = segments.length; n >= 0; n--) {
    const node = doc.getIn(segments.slice(0, n), true) as Node | undefined;
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}
