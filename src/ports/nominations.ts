import type { LocalDate } from '../domain/local-date';

/** A nomination to record (the Nominations list); it starts pending. */
export interface NewNomination {
  nomineeUpn: string;
  role: string;
  section: string;
  nominatedByUpn: string;
  approverUpn: string;
  reason?: string;
  replacesUpn?: string;
  requestedAt: string;
}

/** A nomination as the list holds it now, with the version to update it safely. */
export interface StoredNomination {
  id: string;
  etag: string;
  nomineeUpn: string;
  role: string;
  section: string;
  nominatedByUpn: string;
  approverUpn: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  reason?: string;
  decisionComment?: string;
  requestedAt: string;
  decidedAt?: string;
  replacesUpn?: string;
  /** Each change of approver by the office, one line each. */
  approverChanges?: string;
}

export interface NominationDecision {
  /** approved / rejected by the approver; withdrawn by the nominator. */
  status: 'approved' | 'rejected' | 'withdrawn';
  comment?: string;
  decidedAt: string;
}

/** A role given in the Roles list (a nomination approved). */
export interface NewRoleAssignment {
  upn: string;
  role: string;
  section: string;
  startDate: LocalDate;
  /** Where it came from, e.g. 「推薦 #12 承認（…）」; also how a lost write is found again. */
  source: string;
}

/** Where nominations are written and decided: the SharePoint Nominations and Roles lists. */
export interface NominationStore {
  create(n: NewNomination): Promise<{ id: string }>;
  /** Reads the item afresh from the list (never the snapshot): decisions act on the current state. */
  get(id: string): Promise<StoredNomination | undefined>;
  /** Writes a decision if the item is still the version read (If-Match); 'conflict' when it is not. */
  decide(n: StoredNomination, decision: NominationDecision): Promise<StoredNomination | 'conflict'>;
  /** Gives the nomination another approver if it is still the version read (If-Match), adding `line` to its record of changes. */
  reassign(n: StoredNomination, approverUpn: string, line: string): Promise<StoredNomination | 'conflict'>;
  addRole(r: NewRoleAssignment): Promise<{ id: string }>;
  /** Ends a person's open assignments of a role (EndDate); returns how many were ended. */
  endRole(upn: string, role: string, endDate: LocalDate): Promise<number>;
}
