import type { LocalDate } from '../src/domain/local-date';
import type { Programme } from '../src/domain/programme';
import type { Records } from '../src/domain/records';

export interface GenerateOptions {
  staff: number;
  seed: number;
  today: LocalDate;
  defects: number;
}

/** Placeholder until the generator lands in this same change. */
export function generateMunicipality(_programme: Programme, _opts: GenerateOptions): Records {
  throw new Error('generator not written yet');
}
