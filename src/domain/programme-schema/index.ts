/**
 * The programme validator: reads a programme definition (YAML already parsed to plain data) into the
 * `Programme` model, reporting every mistake with its path, reason and a suggestion.
 *
 * One file per part of the format: read-context.ts (the path-tracking context, error collection and
 * primitive readers), settings.ts, catalogues.ts, courses.ts, roles.ts, requirements.ts,
 * certifications.ts, kpis.ts, reminders.ts, then cross-checks.ts (what needs the whole programme);
 * validate.ts reads the top level in order and runs the cross-checks.
 */
export { validateProgramme, type ProgrammeResult } from './validate';
export { formatPath, type ProgrammeError } from './read-context';
export { parseFiscalYearKey } from './fiscal-year-key';
