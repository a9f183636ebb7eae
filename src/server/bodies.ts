import express, { type Request, type Response } from 'express';
import { ApiError } from './api-error';

/** The tab API's bodies are small JSON documents (a nomination, a report): 100 KB is generous. */
export const API_BODY_LIMIT = '100kb';
/** The Bot Framework's activities (an invoke with a card's inputs): bounded too, a little wider. */
export const BOT_BODY_LIMIT = '256kb';

/**
 * A file the office uploads for an import (CSV or .xlsx). A 50,000-row export of an e-learning
 * system measures 7.9 MB as UTF-8 CSV with 8 columns, 11.1 MB with 14, 6.4–9.2 MB as Shift_JIS and
 * 1.9–3.1 MB as .xlsx (tests/helpers/vendor-file.ts); 16 MB takes the widest with room to spare
 * and refuses a 20 MB file before reading it.
 */
export const FILE_UPLOAD_LIMIT_BYTES = 16 * 1024 * 1024;

/** body-parser's refusals, as the API answers them (status, code, Japanese message). */
const REFUSALS: Record<string, { status: number; code: string; message: string }> = {
  'entity.too.large': { status: 413, code: 'REQUEST.TOO_LARGE', message: '送られたデータが大きすぎます' },
  'parameters.too.many': { status: 413, code: 'REQUEST.TOO_LARGE', message: '送られたデータが大きすぎます' },
  'encoding.unsupported': { status: 415, code: 'REQUEST.UNSUPPORTED_ENCODING', message: '送られたデータの圧縮形式（Content-Encoding）には対応していません' },
  'charset.unsupported': { status: 415, code: 'REQUEST.UNSUPPORTED_CHARSET', message: '送られたデータの文字コードには対応していません（UTF-8 で送ってください）' },
  'entity.parse.failed': { status: 400, code: 'REQUEST.BAD_JSON', message: '送られた JSON が読めません' },
  'request.aborted': { status: 400, code: 'REQUEST.ABORTED', message: '送信が途中で切れました' },
  'request.size.invalid': { status: 400, code: 'REQUEST.BAD_LENGTH', message: '送られたデータの長さが Content-Length と合いません' },
};

/** A body the server could not read, as the API's error; undefined for anything else. */
export function bodyRefusal(err: unknown): ApiError | undefined {
  const type = typeof err === 'object' && err !== null && 'type' in err ? String((err as { type: unknown }).type) : '';
  const r = REFUSALS[type];
  return r ? new ApiError(r.status, r.code, r.message) : undefined;
}

/**
 * Reads a JSON body into req.body, within a limit (gzip and deflate are inflated, and the limit is
 * on the inflated size, so a small compressed bomb stops at the limit). A body that is not JSON is
 * refused (415); no body at all is fine (req.body stays empty).
 */
export function readJsonBody(limit: string): (req: Request, res: Response) => Promise<void> {
  const parse = express.json({ limit, strict: true, type: () => true });
  return (req, res) => {
    if (!hasBody(req)) return Promise.resolve();
    if (!req.is('application/json')) {
      return Promise.reject(new ApiError(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'JSON（Content-Type: application/json）で送ってください'));
    }
    return new Promise((resolve, reject) => parse(req, res, (err?: unknown) => (err ? reject(bodyRefusal(err) ?? err) : resolve())));
  };
}

/** As body-parser decides it: a Transfer-Encoding, or a Content-Length other than 0. */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

/** A part of a multipart/form-data body: a field's text, or a file. */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * Reads a multipart/form-data body (RFC 7578) within a limit, for the one route that takes a file
 * (a report's evidence): the whole body is bounded as the JSON bodies are (gzip and deflate inflated
 * and counted), then split into its parts. Anything but multipart/form-data with a boundary is
 * refused (415); a body that is not well formed is 400. The parts go in req.body as FormPart[].
 */
export function readMultipartBody(limit: number): (req: Request, res: Response) => Promise<void> {
  const raw = express.raw({ limit, type: () => true });
  return (req, res) => {
    const boundary = /^multipart\/form-data;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.headers['content-type'] ?? '');
    if (!boundary) return Promise.reject(new ApiError(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'ファイルは multipart/form-data で送ってください'));
    return new Promise((resolve, reject) =>
      raw(req, res, (err?: unknown) => {
        if (err) return reject(bodyRefusal(err) ?? err);
        const parts = splitMultipart(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), boundary[1] ?? boundary[2]!);
        if (!parts) return reject(new ApiError(400, 'REQUEST.BAD_MULTIPART', '送られたフォームのデータが読めません'));
        req.body = parts;
        resolve();
      }),
    );
  };
}

/**
 * Reads an uploaded file into req.body (a Buffer), within a limit: a Content-Length over it is
 * refused before a byte is read, a body that grows past it (chunked, or inflated from gzip) is cut
 * off there. Any Content-Type: the file's own bytes say what it is.
 */
export function readFileBody(limitBytes: number): (req: Request, res: Response) => Promise<void> {
  const parse = express.raw({ limit: limitBytes, type: () => true });
  const mb = Math.round(limitBytes / 1024 / 1024);
  return (req, res) => {
    if (!hasBody(req)) {
      req.body = Buffer.alloc(0);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) =>
      parse(req, res, (err?: unknown) => {
        if (!err) {
          if (!Buffer.isBuffer(req.body)) req.body = Buffer.alloc(0);
          return resolve();
        }
        const refusal = bodyRefusal(err);
        if (refusal?.code === 'REQUEST.TOO_LARGE') return reject(new ApiError(413, 'IMPORT.FILE_TOO_LARGE', `ファイルが大きすぎます（上限 ${mb} MB）。ファイルを分けて取り込んでください`));
        reject(refusal ?? err);
      }),
    );
  };
}

/** The parts of a multipart body, or undefined when it is not well formed. */
export function splitMultipart(body: Buffer, boundary: string): FormPart[] | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return undefined;
  for (;;) {
    at += delimiter.length;
    // "--" after a delimiter closes the body.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts;
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) return undefined;
    at += 2;
    const headerEnd = body.indexOf('\r\n\r\n', at);
    if (headerEnd < 0) return undefined;
    const headers = body.subarray(at, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) return undefined;
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) return undefined;
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const contentType = headers.find((h) => /^content-type:/i.test(h))?.replace(/^content-type:\s*/i, '');
    parts.push({ name, ...(filename !== undefined ? { filename } : {}), ...(contentType ? { contentType } : {}), data: body.subarray(headerEnd + 4, next) });
    if (parts.length > 10) return undefined;
    at = next + 2;
  }
}
