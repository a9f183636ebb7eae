/**
 * Where a conversation is, as botbuilder's ConversationReference (serialisable JSON): enough to
 * message it proactively. Stored on install and refreshed on every message.
 */
export interface StoredConversation {
  /** `user:<upn>` for a personal chat, `channel:<conversation id>` for a team channel, `chat:<conversation id>` for a group chat. */
  key: string;
  kind: 'personal' | 'channel' | 'groupChat';
  /** Personal chats: the user's UPN (lower case) and Entra object id. */
  upn?: string;
  aadObjectId?: string;
  /** The Teams user id (29:…) in this conversation, for card refresh userIds. */
  teamsUserId?: string;
  /** Channels: the 部 this channel reports for (set by the programme office). */
  department?: string;
  /** Channels and chats: a display name for messages and the office's list. */
  name?: string;
  reference: Record<string, unknown>;
  updatedAt: string;
}

export interface ConversationStore {
  /**
   * Stores or refreshes a conversation (on install and on every message). A channel's 部 is
   * owned by mapChannel: put keeps it as it is and ignores `department`.
   */
  put(c: StoredConversation): Promise<void>;
  get(key: string): Promise<StoredConversation | undefined>;
  /** The personal chat of a user, if the app is installed for them. */
  personal(upn: string): Promise<StoredConversation | undefined>;
  /** The channel mapped to a 部, if any. */
  channelOf(department: string): Promise<StoredConversation | undefined>;
  /** Every channel mapped to a 部. */
  mappedChannels(): Promise<StoredConversation[]>;
  /**
   * Maps a channel to a 部 (one channel per 部: an earlier mapping of the 部 is removed). The
   * channel must have been stored with put first (the app is installed in its team).
   */
  mapChannel(key: string, department: string): Promise<void>;
  remove(key: string): Promise<void>;
}
