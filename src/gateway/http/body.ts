import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGunzip, type Gunzip } from 'node:zlib';
import { sendError } from './reply.js';
import { SnappyError, SnappyFrameDecoder } from './snappy.js';

/**
 * Request bodies: read as they arrive, decoded as they arrive (gzip in
 * zlib's thread pool, snappy framing one 64 KiB block at a time), with the
 * size limit applied to the decoded bytes and every decoded byte counted
 * against a budget shared by all requests. Nothing is decoded before the
 * route and the caller's rights are known: the router only peeks at a gzip
 * header (Go's `gzip.NewReader` reads it before routing).
 */

/** A request body that broke the size limit. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(
    readonly limit: number,
    message = `request body exceeds the limit of ${limit} bytes (--push.max-body-size)`,
  ) {
    super(message);
  }
}

/** A body whose `Content-Encoding` cannot be decoded; `message` is Go's error text. Answered 400. */
export class BodyEncodingError extends Error {
  override readonly name = 'BodyEncodingError';
}

/** The shared budget of decoded bytes is spent: answered 503, the client may retry. */
export class BodyBudgetError extends Error {
  override readonly name = 'BodyBudgetError';
  constructor(readonly budget: number) {
    super(
      `too many request bodies in flight: more than ${budget} bytes are held by requests being handled (--push.max-bytes-in-flight); retry later`,
    );
  }
}

/** Bytes of request bodies held at once across requests; each request returns its share when its response closes. */
export class BodyBudget {
  private used = 0;
  constructor(readonly limit: number) {}

  /** Takes `n` bytes; false (nothing taken) when that would exceed the limit. */
  take(n: number): boolean {
    if (this.used + n > this.limit) return false;
    this.used += n;
    return true;
  }

  /** Gives `n` bytes back. */
  release(n: number): void {
    this.used = Math.max(0, this.used - n);
  }

  /** Bytes held right now. */
  get inUse(): number {
    return this.used;
  }
}

const GZIP_ID1 = 0x1f;
const GZIP_ID2 = 0x8b;
const DEFLATE = 8;
const FLAG_RESERVED = 0xe0;
/** Bytes of a gzip member header the router checks before routing. */
export const GZIP_HEADER_BYTES = 10;

/**
 * The error Go's `gzip.NewReader` gives for a header, or `undefined` when
 * the header reads: `EOF` for an empty body, `unexpected EOF` when it is cut
 * short, `gzip: invalid header` for anything that is not a gzip header.
 */
export function gzipHeaderError(body: Uint8Array): string | undefined {
  if (body.length === 0) return 'EOF';
  if (body.length < GZIP_HEADER_BYTES) return 'unexpected EOF';
  if (body[0] !== GZIP_ID1 || body[1] !== GZIP_ID2 || body[2] !== DEFLATE) return 'gzip: invalid header';
  if ((body[3] & FLAG_RESERVED) !== 0) return 'gzip: invalid header';
  return undefined;
}

/** A body's `Content-Encoding` as the gateway reads it (anything else is taken as is, as Go does). */
export type BodyEncoding = 'identity' | 'gzip' | 'snappy';

/** The encoding named by a `Content-Encoding` header. */
export function bodyEncoding(header: string | undefined): BodyEncoding {
  const e = header?.trim().toLowerCase();
  return e === 'gzip' || e === 'snappy' ? e : 'identity';
}

/** What {@link RequestBody.read} needs. */
export interface ReadOptions {
  /** Largest body, raw and decoded, in bytes. */
  limit: number;
  /** Builds the error for a body over `limit`, raw or `decoded` (default: {@link BodyTooLargeError} naming `--push.max-body-size`). */
  tooLarge?: (limit: number, decoded: boolean) => Error;
  /** The shared budget the decoded bytes are taken from; returned when `release` is called. */
  budget?: BodyBudget;
}

function gzipError(err: NodeJS.ErrnoException): BodyEncodingError {
  if (err.code === 'Z_BUF_ERROR') return new BodyEncodingError('unexpected EOF');
  if (/check/i.test(err.message)) return new BodyEncodingError('gzip: invalid checksum');
  return new BodyEncodingError(`flate: corrupt input (${err.message})`);
}

/**
 * One request's body. The router may {@link peek} at its first bytes; a
 * route that takes a body {@link read}s it once, decoded.
 */
export class RequestBody {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private ended = false;
  private taken = 0;
  private budget: BodyBudget | undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly encoding: BodyEncoding = bodyEncoding(req.headers['content-encoding']),
  ) {}

  /** The first `n` bytes (fewer when the body is shorter); the rest stays unread. */
  peek(n: number): Promise<Buffer> {
    const req = this.req;
    if (this.headBytes >= n || this.ended) return Promise.resolve(Buffer.concat(this.head).subarray(0, n));
    return new Promise((resolve, reject) => {
      const done = (): void => {
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('error', onError);
        resolve(Buffer.concat(this.head).subarray(0, n));
      };
      const onData = (chunk: Buffer): void => {
        this.head.push(chunk);
        this.headBytes += chunk.length;
        if (this.headBytes >= n) {
          req.pause();
          done();
        }
      };
      const onEnd = (): void => {
        this.ended = true;
        done();
      };
      const onError = (err: Error): void => {
        req.off('data', onData);
        req.off('end', onEnd);
        reject(err);
      };
      req.on('data', onData);
      req.on('end', onEnd);
      req.on('error', onError);
      req.resume();
    });
  }

  /** Gives the bytes this body took from the shared budget back (once the response is done with them). */
  release(): void {
    this.budget?.release(this.taken);
    this.taken = 0;
  }

  /**
   * Reads the whole body and decodes it per its `Content-Encoding`. Rejects
   * with {@link BodyTooLargeError} (raw or decoded size over the limit; a
   * `Content-Length` over it is refused before reading),
   * {@link BodyEncodingError} (400), {@link BodyBudgetError} (503) or the
   * stream's error. After a rejection the rest of the body is discarded.
   */
  read(options: ReadOptions): Promise<Buffer> {
    const { limit, budget } = options;
    const tooLarge = options.tooLarge ?? ((n: number) => new BodyTooLargeError(n));
    const req = this.req;
    this.budget = budget;
    const declared = req.headers['content-length'];
    if (declared !== undefined && +declared > limit) return Promise.reject(tooLarge(limit, false));
    return new Promise((resolve, reject) => {
      const out: Buffer[] = [];
      let raw = 0;
      let size = 0;
      let settled = false;
      let gunzip: Gunzip | undefined;
      let gzipHead: Buffer[] | undefined = this.encoding === 'gzip' ? [] : undefined;
      let gzipHeadBytes = 0;
      const snappy = this.encoding === 'snappy' ? new SnappyFrameDecoder() : undefined;
      const fail = (err: Error): void => {
        if (settled) return;
        settled = true;
        out.length = 0;
        req.off('data', onData);
        req.off('end', onEnd);
        req.resume();
        gunzip?.destroy();
        this.release();
        reject(err);
      };
      const finish = (): void => {
        if (settled) return;
        settled = true;
        req.off('data', onData);
        resolve(out.length === 1 ? out[0] : Buffer.concat(out, size));
      };
      /** One piece of decoded output. */
      const emit = (b: Uint8Array): void => {
        if (settled || b.length === 0) return;
        size += b.length;
        if (size > limit) return fail(tooLarge(limit, this.encoding !== 'identity'));
        if (budget) {
          if (!budget.take(b.length)) return fail(new BodyBudgetError(budget.limit));
          this.taken += b.length;
        }
        out.push(Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));
      };
      const startGunzip = (first: Buffer): void => {
        const header = gzipHeaderError(first);
        if (header !== undefined) return fail(new BodyEncodingError(header));
        gunzip = createGunzip({ chunkSize: 64 * 1024 });
        gunzip.on('data', emit);
        gunzip.on('error', (err: NodeJS.ErrnoException) => fail(gzipError(err)));
        gunzip.on('end', finish);
        gunzip.write(first);
      };
      const onData = (chunk: Buffer): void => {
        if (settled) return;
        raw += chunk.length;
        if (raw > limit) return fail(tooLarge(limit, false));
        if (gzipHead) {
          gzipHead.push(chunk);
          gzipHeadBytes += chunk.length;
          if (gzipHeadBytes < GZIP_HEADER_BYTES) return;
          const first = Buffer.concat(gzipHead);
          gzipHead = undefined;
          return startGunzip(first);
        }
        if (gunzip) {
          // Backpressure: the request waits while zlib works through what it has.
          if (!gunzip.write(chunk)) {
            req.pause();
            gunzip.once('drain', () => req.resume());
          }
          return;
        }
        if (snappy) {
          try {
            for (const block of snappy.push(chunk)) emit(block);
          } catch (e) {
            fail(e instanceof SnappyError ? new BodyEncodingError(e.message) : (e as Error));
          }
          return;
        }
        emit(chunk);
      };
      const onEnd = (): void => {
        if (settled) return;
        if (gzipHead) {
          const first = Buffer.concat(gzipHead);
          gzipHead = undefined;
          startGunzip(first);
        }
        if (gunzip) {
          gunzip.end();
          return;
        }
        if (snappy) {
          try {
            snappy.end();
          } catch (e) {
            return fail(e instanceof SnappyError ? new BodyEncodingError(e.message) : (e as Error));
          }
        }
        finish();
      };
      const head = this.head.splice(0);
      this.headBytes = 0;
      for (const chunk of head) onData(chunk);
      if (this.ended) {
        onEnd();
        return;
      }
      req.on('data', onData);
      req.on('end', onEnd);
      req.on('error', fail);
      req.once('close', () => {
        if (!req.complete) fail(new Error('the client closed the connection before the body was complete'));
      });
      req.resume();
    });
  }
}

/**
 * Answers a failed {@link RequestBody.read}: 413 (with `Connection: close`:
 * the rest of the body is not read), 400 for an undecodable body, 503 with
 * `Retry-After` when the shared budget is spent. False for any other error
 * (the caller rethrows it).
 */
export function answerBodyError(req: IncomingMessage, res: ServerResponse, e: unknown): boolean {
  if (e instanceof BodyTooLargeError) {
    res.setHeader('Connection', 'close');
    sendError(req, res, 413, e.message);
  } else if (e instanceof BodyEncodingError) {
    sendError(req, res, 400, e.message);
  } else if (e instanceof BodyBudgetError) {
    res.setHeader('Retry-After', '1');
    sendError(req, res, 503, e.message);
  } else return false;
  return true;
}
