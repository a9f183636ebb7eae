/** A refusal or failure with a stable code and a Japanese message, mapped once (http.ts) to HTTP. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
