import type { LocalDate } from '../domain/local-date';
import type { RoleRecord } from '../domain/records';

/** A certification to award: a Roles row with Source 認定, who awarded it and when. */
export interface NewAward {
  upn: string;
  certification: string;
  section?: string;
  startDate: LocalDate;
  awardedByUpn: string;
  awardedAt: string;
}

/** An award (a Roles row of a certification) as the list holds it now, with the version to update it safely. */
export interface StoredAward extends RoleRecord {
  id: string;
  itemId: string;
  etag: string;
}

export interface AwardRevocation {
  at: string;
  byUpn: string;
  reason: string;
  /** EndDate to write where it is not before the start (people reading the list see the end too). */
  endDate?: LocalDate;
}

/** Where awards are written: the SharePoint Roles list. */
export interface AwardStore {
  create(a: NewAward): Promise<{ id: string }>;
  /** A person's rows of a certification, read afresh from the list (never the snapshot). */
  rowsOf(upn: string, certification: string): Promise<StoredAward[]>;
  /** One row read afresh, or undefined when it is gone or not readable as a role. */
  get(id: string): Promise<StoredAward | undefined>;
  /** Writes the 認定証's serial number into a new award's row. */
  setCertificateNumber(id: string, serial: string): Promise<void>;
  /** Removes a row this process has just created and must not keep (another award of the same came first). */
  remove(id: string): Promise<void>;
  /** Writes a revocation if the row is still the version read (If-Match); 'conflict' when it is not. */
  revoke(a: StoredAward, r: AwardRevocation): Promise<StoredAward | 'conflict'>;
}

/** What a 認定証 says, every text ready to print (Japanese: an official document). */
export interface CertificateText {
  /** 認定証 */
  title: string;
  /** 第 MOKA-000123 号 */
  serial: string;
  /** 山田 太郎 殿 */
  name: string;
  /** The certification's name, large. */
  certification: string;
  /** The sentence of the award. */
  body: string;
  /** 令和8年11月24日 */
  date: string;
  /** The municipality (真岡市). */
  issuer: string;
  /** The programme, small, under the issuer. */
  programme: string;
  /** 見本: printed across the page. */
  specimen?: string;
}

/** Renders a 認定証 as a PDF (A4, Japanese font embedded). */
export interface CertificateRenderer {
  render(text: CertificateText): Promise<Uint8Array>;
}
