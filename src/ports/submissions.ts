import type { EvidenceFile, SubmissionFact, SubmissionRecord } from '../domain/records';
import type { ConfirmableFact } from '../domain/submissions';
import type { ConfirmedFact } from '../domain/reports';

/** A report to record in the Submissions list (申請). */
export interface NewSubmission {
  subjectUpn: string;
  fact: SubmissionFact;
  note?: string;
  evidence?: EvidenceFile;
  evidenceUrl?: string;
  confirmerUpn?: string;
  /** pending, or confirmed at once when nobody confirms (a self-assessment). */
  status: 'pending' | 'confirmed';
  submittedAt: string;
  decidedAt?: string;
  decidedByUpn?: string;
}

/** A report as the list holds it now, with the version to update it safely. */
export interface StoredSubmission extends SubmissionRecord {
  id: string;
  itemId: string;
  etag: string;
}

/** A report or a declared role as the list holds it: what someone confirms (承認 / 差し戻し). */
export type ConfirmableSubmission = StoredSubmission & { fact: ConfirmableFact };

export interface SubmissionDecision {
  status: 'confirmed' | 'returned' | 'withdrawn';
  comment?: string;
  decidedAt: string;
  decidedByUpn: string;
}

/** Where reports wait and confirmed facts are written: the Submissions list and the record lists. */
export interface SubmissionStore {
  create(s: NewSubmission): Promise<{ id: string }>;
  /** Reads the item afresh from the list (never the snapshot): decisions act on the current state. */
  get(id: string): Promise<StoredSubmission | undefined>;
  /** Writes a decision if the item is still the version read (If-Match); 'conflict' when it is not. */
  decide(s: StoredSubmission, decision: SubmissionDecision): Promise<StoredSubmission | 'conflict'>;
  /** Writes a new fact into the item (an evaluator's answer) if it is still the version read (If-Match). */
  updateFact(s: StoredSubmission, fact: SubmissionFact): Promise<StoredSubmission | 'conflict'>;
  /** Writes a confirmed fact to its list (資格, 受講記録 …) with who confirmed it and when. */
  writeFact(fact: ConfirmedFact, confirmedByUpn: string, confirmedAt: string): Promise<{ id: string }>;
}

/** An evidence file to keep. */
export interface EvidenceUpload {
  /** A file name without a path (reports.ts makes it safe). */
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Where evidence files are kept: the site's document library. */
export interface EvidenceStore {
  /** Stores a file under a new unique name; returns its item id and its address in SharePoint. */
  upload(file: EvidenceUpload): Promise<{ itemId: string; webUrl?: string }>;
  /** A file's content, or undefined when it is gone. */
  read(itemId: string): Promise<{ bytes: Uint8Array; contentType: string } | undefined>;
}
