import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { ContainerClient } from '@azure/storage-blob';
import type { ListName } from '../domain/lists';
import type { ListSyncState, SyncStateStore } from '../ports';
import { statusOf, toStateError } from './errors';

interface Header {
  listId: string;
  deltaLink: string;
  syncedAt: string;
  count: number;
  /** ETag of the items blob this header belongs to. */
  itemsEtag: string;
}

/** Upload in blocks of this size, two at a time: what the store holds in memory while writing. */
const BLOCK_BYTES = 4 * 1024 * 1024;
const LINE_CHUNK = 1 << 16;

/**
 * Sync states in Blob storage, the same contract as FileSyncStore, so every server instance starts
 * from the delta links (docs/state.md). Per list a small header blob `<list>.json` (delta link) and
 * a gzipped JSON-lines blob `<list>.jsonl.gz` of the items, streamed both ways so 200,000 items
 * never become one string. The header names the items blob's ETag: items written by another save
 * than the header (a crash between the two, or another instance) are not trusted. A sync that
 * changed nothing rewrites only the header.
 */
export class BlobSyncStore implements SyncStateStore {
  private readonly dir: string;
  /** The items blob this store last read or wrote per list (not the items: they may be let go). */
  private readonly saved = new Map<ListName, { etag: string; count: number }>();

  constructor(
    private readonly container: ContainerClient,
    siteId: string,
  ) {
    this.dir = `sync/${createHash('sha256').update(siteId).digest('hex').slice(0, 16)}`;
  }

  async load(list: ListName): Promise<ListSyncState | undefined> {
    const what = `${list} の同期状態の読み取り`;
    let head: Header;
    try {
      head = JSON.parse((await this.blob(list, 'json').downloadToBuffer()).toString('utf8')) as Header;
    } catch (e) {
      if (statusOf(e) === 404 || e instanceof SyntaxError) return undefined;
      throw toStateError(e, what);
    }
    let body: NodeJS.ReadableStream | undefined;
    try {
      body = (await this.blob(list, 'jsonl.gz').download(0, undefined, { conditions: { ifMatch: head.itemsEtag } })).readableStreamBody;
    } catch (e) {
      // 412: the items were rewritten after this header; 404: they are gone. Either way: read afresh.
      if (statusOf(e) === 412 || statusOf(e) === 404) return undefined;
      throw toStateError(e, what);
    }
    if (!body) return undefined;
    const items = new Map<string, Record<string, unknown>>();
    try {
      await readLines(body, (line) => {
        const [id, fields] = JSON.parse(line) as [string, Record<string, unknown>];
        items.set(id, fields);
      });
    } catch (e) {
      // A damaged blob (not gzip, not JSON lines) is not trusted; a broken connection is an error.
      if (e instanceof SyntaxError || (e as { code?: string }).code?.startsWith('Z_')) return undefined;
      throw toStateError(e, what);
    }
    if (items.size !== head.count) return undefined;
    this.saved.set(list, { etag: head.itemsEtag, count: head.count });
    return { listId: head.listId, deltaLink: head.deltaLink, syncedAt: head.syncedAt, items };
  }

  async save(list: ListName, state: ListSyncState): Promise<void> {
    const what = `${list} の同期状態の保存`;
    try {
      const previous = this.saved.get(list);
      let etag = previous?.etag;
      // Items a sync found unchanged since this store loaded or wrote them are not rewritten.
      if (!previous || previous.count !== state.items.size || state.changed !== false) {
        etag = await this.writeItems(list, state.items);
        this.saved.set(list, { etag, count: state.items.size });
      }
      const head: Header = { listId: state.listId, deltaLink: state.deltaLink, syncedAt: state.syncedAt, count: state.items.size, itemsEtag: etag! };
      const text = JSON.stringify(head);
      await this.blob(list, 'json').upload(text, Buffer.byteLength(text), { blobHTTPHeaders: { blobContentType: 'application/json' } });
    } catch (e) {
      throw toStateError(e, what);
    }
  }

  async clear(): Promise<void> {
    try {
      for await (const b of this.container.listBlobsFlat({ prefix: `${this.dir}/` })) {
        await this.container.deleteBlob(b.name).catch((e: unknown) => {
          if (statusOf(e) !== 404) throw e;
        });
      }
      this.saved.clear();
    } catch (e) {
      throw toStateError(e, '同期状態の削除');
    }
  }

  /** Streams the items as gzipped JSON lines into a block blob (committed whole, or not at all). */
  private async writeItems(list: ListName, items: Map<string, Record<string, unknown>>): Promise<string> {
    const gzip = createGzip({ level: 1 });
    const source = Readable.from(jsonLines(items));
    const piped = pipeline(source, gzip);
    const upload = this.blob(list, 'jsonl.gz')
      .uploadStream(gzip, BLOCK_BYTES, 2, { blobHTTPHeaders: { blobContentType: 'application/gzip' } })
      .catch((e: unknown) => {
        // Nobody reads the items any more: stop making them.
        gzip.destroy();
        throw e;
      });
    const [uploaded] = await Promise.all([upload, piped]);
    return uploaded.etag!;
  }

  private blob(list: ListName, ext: 'json' | 'jsonl.gz') {
    return this.container.getBlockBlobClient(`${this.dir}/${list}.${ext}`);
  }
}

/** The items as JSON lines, a chunk of ~64 KB at a time. */
function* jsonLines(items: Map<string, Record<string, unknown>>): Generator<string> {
  let chunk = '';
  for (const [id, fields] of items) {
    chunk += `${JSON.stringify([id, fields])}\n`;
    if (chunk.length > LINE_CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Gunzips a stream and hands each line on, holding no more than a chunk and a partial line. */
async function readLines(body: NodeJS.ReadableStream, onLine: (line: string) => void): Promise<void> {
  const gunzip = createGunzip();
  gunzip.setEncoding('utf8');
  const piped = pipeline(body, gunzip);
  let rest = '';
  const consume = async (): Promise<void> => {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      const text = rest + chunk;
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        if (nl > start) onLine(text.slice(start, nl));
        start = nl + 1;
      }
      rest = text.slice(start);
    }
    if (rest) onLine(rest);
  };
  await Promise.all([piped, consume()]);
}
