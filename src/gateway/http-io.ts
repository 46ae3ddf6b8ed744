import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzip } from 'node:zlib';

/**
 * Small HTTP helpers that answer the way Go's `net/http` does (`http.Error`,
 * `http.Redirect`, content sniffing of plain text), and body reading with a
 * size limit and gzip decoding.
 */

/** Content type Go sniffs for plain text, and uses in `http.Error`. */
export const TEXT_PLAIN = 'text/plain; charset=utf-8';

const STATUS_TEXT: Record<number, string> = {
  301: 'Moved Permanently',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
};

/**
 * Go's `http.Error`: `status`, `Content-Type: text/plain; charset=utf-8`,
 * `X-Content-Type-Options: nosniff`, body `message` + `\n` (none for HEAD).
 */
export function sendError(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', TEXT_PLAIN);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const body = message + '\n';
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * A handler writing `body` without a content type of its own: Go sniffs
 * text, so a non-empty body gets `text/plain; charset=utf-8`; an empty one
 * gets no content type.
 */
export function sendPlain(req: IncomingMessage, res: ServerResponse, status: number, body = ''): void {
  res.statusCode = status;
  if (body !== '' && !res.hasHeader('Content-Type')) res.setHeader('Content-Type', TEXT_PLAIN);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' || body === '' ? undefined : body);
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]!);
}

/**
 * Go's `http.Redirect` to an absolute path `location` (already escaped):
 * `Location` set; for GET a `text/html` body `<a href="…">Moved Permanently</a>.\n\n`.
 */
export function sendRedirect(req: IncomingMessage, res: ServerResponse, status: number, location: string): void {
  res.statusCode = status;
  res.setHeader('Location', location);
  if (req.method === 'GET' || req.method === 'HEAD') res.setHeader('Content-Type', 'text/html; charset=utf-8');
  if (req.method === 'GET') {
    const body = `<a href="${htmlEscape(location)}">${STATUS_TEXT[status] ?? ''}</a>.\n\n`;
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
    return;
  }
  res.setHeader('Content-Length', 0);
  res.end();
}

/** Go's `http.NotFound`. */
export function sendNotFound(req: IncomingMessage, res: ServerResponse): void {
  sendError(req, res, 404, '404 page not found');
}

/** A request body that broke the size limit. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`request body exceeds the limit of ${limit} bytes (--push.max-body-size)`);
  }
}

/** A body with a `Content-Encoding: gzip` that cannot be decoded; `message` is Go's error text. */
export class BodyEncodingError extends Error {
  override readonly name = 'BodyEncodingError';
}

/**
 * Reads the whole request body, refusing more than `limit` bytes (a
 * `Content-Length` above it is refused before reading). Rejects with
 * {@link BodyTooLargeError}, or the stream's error.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined && +declared > limit) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
  });
}

const GZIP_ID1 = 0x1f;
const GZIP_ID2 = 0x8b;
const DEFLATE = 8;
const FLAG_RESERVED = 0xe0;

/**
 * The error Go's `gzip.NewReader` gives for a header, or `undefined` when
 * the header reads: `EOF` for an empty body, `unexpected EOF` when it is cut
 * short, `gzip: invalid header` for anything that is not a gzip header.
 */
export function gzipHeaderError(body: Uint8Array): string | undefined {
  if (body.length === 0) return 'EOF';
  if (body.length < 10) return 'unexpected EOF';
  if (body[0] !== GZIP_ID1 || body[1] !== GZIP_ID2 || body[2] !== DEFLATE) return 'gzip: invalid header';
  if ((body[3] & FLAG_RESERVED) !== 0) return 'gzip: invalid header';
  return undefined;
}

/**
 * Decodes a gzip body (several members allowed), refusing output beyond
 * `limit` bytes. Rejects with {@link BodyEncodingError} (Go-like text) or
 * {@link BodyTooLargeError}.
 */
export function gunzipBody(body: Buffer, limit: number): Promise<Buffer> {
  const header = gzipHeaderError(body);
  if (header !== undefined) return Promise.reject(new BodyEncodingError(header));
  return new Promise((resolve, reject) => {
    gunzip(body, { maxOutputLength: limit + 1 }, (err, out) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) reject(new BodyTooLargeError(limit));
        else if (code === 'Z_BUF_ERROR') reject(new BodyEncodingError('unexpected EOF'));
        else if (/check/i.test(err.message)) reject(new BodyEncodingError('gzip: invalid checksum'));
        else reject(new BodyEncodingError(`flate: corrupt input (${err.message})`));
        return;
      }
      if (out.length > limit) reject(new BodyTooLargeError(limit));
      else resolve(out);
    });
  });
}
