/** A message taken from the send queue; invisible to others until deleted or its time runs out. */
export interface QueuedMessage<T> {
  id: string;
  popReceipt: string;
  body: T;
  dequeueCount: number;
}

/** A queue with at-least-once delivery (Azure Storage Queue). */
export interface WorkQueue<T> {
  /** Puts a message on the queue; `delaySeconds` keeps it invisible that long first (at most 7 days). */
  send(body: T, options?: { delaySeconds?: number }): Promise<void>;
  /** Up to `max` messages, hidden from other receivers for `visibilitySeconds`. */
  receive(max: number, visibilitySeconds: number): Promise<Array<QueuedMessage<T>>>;
  delete(message: QueuedMessage<T>): Promise<void>;
  /** Makes a message visible again after `seconds` (a retry later); returns the new receipt. */
  release(message: QueuedMessage<T>, seconds: number): Promise<QueuedMessage<T>>;
  approximateCount(): Promise<number>;
}
