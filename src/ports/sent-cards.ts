/** One copy of a card the bot sent, to update it when its subject changes (a nomination decided). */
export interface SentCard {
  /** The conversation it was sent to (StoredConversation.key). */
  conversationKey: string;
  activityId: string;
  /** Whom the copy was rendered for (the approver's copy has the buttons). */
  viewerUpn?: string;
  sentAt: string;
}

/** The copies of each card sent about a subject (`nomination:<id>`), kept so every copy can be updated. */
export interface SentCardStore {
  add(subject: string, card: SentCard): Promise<void>;
  of(subject: string): Promise<SentCard[]>;
  /** Facts about the subject that the cards show but the lists do not keep (the warnings the nominator confirmed). */
  putNotes(subject: string, notes: string): Promise<void>;
  notes(subject: string): Promise<string | undefined>;
}
