/** Who is calling, from the access token: the app itself (client credentials) or a user through the app (on-behalf-of). */
export interface Caller {
  kind: 'app' | 'user';
  /** The app registration's client id (appid/azp). */
  appId: string;
  /** Entra object id: the user's, or the app's service principal. */
  oid: string;
  upn?: string;
  name?: string;
}

/**
 * One Graph request as the routes see it, whether it came over HTTPS or inside a $batch: the path
 * below /v1.0, the query, lower-cased headers and the parsed JSON body.
 */
export interface GraphCall {
  method: string;
  /** Decoded path segments below /v1.0 (`sites`, `localhost,…`, `lists`, …). */
  segments: string[];
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  /** The body's bytes as sent, for an upload (driveitem-put-content); JSON bodies are in `body`. */
  raw?: Buffer;
  caller: Caller;
}

/**
 * A body already serialised to UTF-8, in pieces. A page of 5,000 items (5–8 MB of JSON) is
 * rendered item by item straight into buffers, so its strings die young instead of piling up in
 * the old generation until the response is written. Inside a $batch it becomes an object again (toJSON).
 */
export class JsonText {
  constructor(readonly parts: Buffer[]) {}

  toJSON(): unknown {
    return JSON.parse(Buffer.concat(this.parts).toString('utf8'));
  }
}

/** Writes strings as UTF-8 into buffers of 1 MB (or one string's size, when larger). */
class Utf8Pieces {
  readonly parts: Buffer[] = [];
  private current = Buffer.allocUnsafe(PIECE_BYTES);
  private pos = 0;

  add(s: string): void {
    const n = Buffer.byteLength(s);
    if (n > this.current.length - this.pos) {
      this.parts.push(this.current.subarray(0, this.pos));
      this.current = Buffer.allocUnsafe(Math.max(PIECE_BYTES, n));
      this.pos = 0;
    }
    this.pos += this.current.write(s, this.pos);
  }

  finish(): Buffer[] {
    this.parts.push(this.current.subarray(0, this.pos));
    return this.parts;
  }
}

const PIECE_BYTES = 1 << 20;

/** A collection as JSON: `{ ...head, "value": [entries rendered], ...tail }`. */
export function collectionJson<T>(head: Record<string, unknown>, entries: T[], render: (entry: T) => string, tail: Record<string, unknown>): JsonText {
  const out = new Utf8Pieces();
  const open = JSON.stringify(head).slice(0, -1);
  out.add(`${open}${open.length > 1 ? ',' : ''}"value":[`);
  entries.forEach((e, i) => {
    if (i > 0) out.add(',');
    out.add(render(e));
  });
  const close = JSON.stringify(tail).slice(1);
  out.add(`]${close.length > 1 ? ',' : ''}${close}`);
  return new JsonText(out.finish());
}

/** A route's answer; the server (or $batch) serialises it and adds the request ids. */
export interface GraphReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A query option by its OData name, with or without the `$` (Graph v1.0 accepts both). */
export function queryOption(query: URLSearchParams, name: string): string | null {
  return query.get(`$${name}`) ?? query.get(name);
}
