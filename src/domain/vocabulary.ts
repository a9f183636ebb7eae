import { matchKey, type Label } from './label';
import type { Programme } from './programme';

/** Resolves how people write a thing (id, Japanese or English label, alias; any width) to its id. */
export class Vocabulary {
  private readonly byKey = new Map<string, string>();

  constructor(entries: Iterable<{ id: string; label?: Label; aliases?: string[] }>) {
    for (const e of entries) {
      const keys = [e.id, e.label?.ja, e.label?.en, ...(e.aliases ?? [])];
      for (const k of keys) if (k) this.byKey.set(matchKey(k), e.id);
    }
  }

  /** The id for a cell value, or undefined when nothing matches. */
  resolve(value: string): string | undefined {
    // Most cells already hold the id itself; only other spellings need normalising.
    return this.byKey.get(value) ?? this.byKey.get(matchKey(value));
  }

  /** Adds an id after construction (course ids from the Courses list). */
  add(id: string, label?: string): void {
    this.byKey.set(matchKey(id), id);
    if (label && !this.byKey.has(matchKey(label))) this.byKey.set(matchKey(label), id);
  }
}

/** Vocabularies of one programme. */
export interface ProgrammeVocabulary {
  grades: Vocabulary;
  rolesAndCertifications: Vocabulary;
  perspectives: Vocabulary;
  qualifications: Vocabulary;
  contributionKinds: Vocabulary;
  skills: Vocabulary;
  courses: Vocabulary;
}

/** Builds the vocabularies a programme's data is read with. */
export function programmeVocabulary(p: Programme): ProgrammeVocabulary {
  return {
    grades: new Vocabulary(p.grades),
    rolesAndCertifications: new Vocabulary([...p.roles, ...p.certifications]),
    perspectives: new Vocabulary(p.perspectives),
    qualifications: new Vocabulary(p.qualifications),
    contributionKinds: new Vocabulary(p.contributionKinds),
    skills: new Vocabulary(p.skillMap?.skills ?? []),
    courses: new Vocabulary(p.courses),
  };
}
