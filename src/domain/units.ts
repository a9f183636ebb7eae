/** A section (課) of a department (部): how people, seats and coverage are grouped. */
export interface Unit {
  department: string;
  section: string;
}

// A character no name contains: the key splits back into the same two parts.
const SEPARATOR = '\u0000';

/** The one key of a section within its department (two 部 may each have a 庶務課). */
export function sectionKey(u: Unit): string {
  return `${u.department}${SEPARATOR}${u.section}`;
}

/** The section a key was made from. */
export function unitOfKey(key: string): Unit {
  const at = key.indexOf(SEPARATOR);
  return at < 0 ? { department: '', section: key } : { department: key.slice(0, at), section: key.slice(at + 1) };
}
