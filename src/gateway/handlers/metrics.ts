import type { ServerResponse } from 'node:http';
import { gzip } from 'node:zlib';
import type { HandlerRequest } from '../context.js';
import { type Exposition, expositionFormat, renderExposition } from './exposition.js';
import { SharedRenderer } from './shared-render.js';

/** Whether an `Accept-Encoding` header offers gzip (promhttp's `gzipAccepted`). */
export function gzipAccepted(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(',')) {
    const p = part.trim();
    if (p === 'gzip' || p.startsWith('gzip;')) return true;
  }
  return false;
}

/** Size of the buffers a piecewise body's strings are copied into before they are written. */
const CHUNK_BYTES = 64 * 1024;

/** Resolves when `res` can take more data, or is closed. */
function writable(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Writes `pieces` (piece `i` being `sizes[i]` bytes) and ends `res`. Bytes
 * (kept with the store and shared with other responses) are queued as they
 * are, at once; strings are copied into two buffers of {@link CHUNK_BYTES}
 * used in turn (a larger string is written as is): a buffer is refilled only
 * once the socket has taken it, and the next string is written only once the
 * response can take more, so a response holds two buffers of its own
 * whatever its size. Stops early if the connection closes.
 */
async function writePieces(
  res: ServerResponse,
  pieces: readonly (string | Uint8Array)[],
  sizes: Uint32Array,
): Promise<void> {
  const bufs = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  const inFlight: Array<Promise<void> | undefined> = [undefined, undefined];
  const gone = closed(res);
  let cur = 0;
  let off = 0;
  const flush = async (): Promise<void> => {
    if (off === 0) return;
    const n = cur;
    let done!: () => void;
    inFlight[n] = new Promise<void>((resolve) => (done = resolve));
    const more = res.write(bufs[n].subarray(0, off), () => done());
    off = 0;
    cur = 1 - n;
    if (!more && !res.destroyed) await writable(res);
    await waitFree(cur);
  };
  // The write callback may never run on a connection that closes: stop waiting then.
  const waitFree = async (n: number): Promise<void> => {
    const p = inFlight[n];
    if (p === undefined) return;
    if (!res.destroyed) await Promise.race([p, gone]);
    inFlight[n] = undefined;
  };
  for (let i = 0; i < pieces.length; i++) {
    if (res.destroyed) return;
    const piece = pieces[i];
    const n = sizes[i];
    if (n > CHUNK_BYTES - off) await flush();
    if (typeof piece !== 'string') {
      // Kept bytes are queued as they are, without waiting: they take no memory of this response's.
      await flush();
      res.write(piece);
      continue;
    }
    if (n > CHUNK_BYTES) {
      await flush();
      if (!res.write(piece) && !res.destroyed) await writable(res);
      continue;
    }
    off += bufs[cur].write(piece, off, 'utf8');
  }
  if (res.destroyed) return;
  // The last chunk is copied: `end` may keep it queued after this returns.
  res.end(off > 0 ? Buffer.from(bufs[cur].subarray(0, off)) : undefined);
}

/** Resolves when `res` closes (at once if it already has). */
function closed(res: ServerResponse): Promise<void> {
  if (res.destroyed || res.closed) return Promise.resolve();
  return new Promise((resolve) => res.once('close', () => resolve()));
}

function gzipAsync(body: string | Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => gzip(body, (err, out) => (err ? reject(err) : resolve(out))));
}

/** A rendered exposition, with the sizes of a piecewise body (computed once for every scrape sharing it). */
interface Rendered extends Exposition {
  sizes?: Uint32Array;
  length: number;
}

function measured(out: Exposition): Rendered {
  const body = out.body;
  if (typeof body === 'string') return { ...out, length: Buffer.byteLength(body) };
  if (body instanceof Uint8Array) return { ...out, length: body.length };
  const sizes = new Uint32Array(body.length);
  let length = 0;
  for (let i = 0; i < body.length; i++) {
    const p = body[i];
    length += sizes[i] = typeof p === 'string' ? Buffer.byteLength(p) : p.length;
  }
  return { ...out, sizes, length };
}

function joined(body: Exposition['body']): string | Uint8Array {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  return Buffer.concat(body.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
}

/** Renderings in use, per store. */
const shared = new WeakMap<object, SharedRenderer<Rendered>>();

function sharedOf(store: object): SharedRenderer<Rendered> {
  let s = shared.get(store);
  if (!s) shared.set(store, (s = new SharedRenderer()));
  return s;
}

/** The store version whose problems were last logged, per store. */
const loggedVersion = new WeakMap<object, number>();

/** The store version the last text scrape rendered, per store. */
const textVersion = new WeakMap<object, number>();

/** `GET <telemetry path>`: every stored group merged with the gateway's own metrics. */
export async function metricsHandler(h: HandlerRequest): Promise<void> {
  const { gw, req, res } = h;
  const snapshot = gw.store.snapshot();
  const problems = snapshot.problems();
  if (problems.length > 0 && loggedVersion.get(gw.store) !== snapshot.version) {
    loggedVersion.set(gw.store, snapshot.version);
    for (const p of problems.slice(0, 10)) {
      gw.logger.warn('left out of the exposition: inconsistent with other groups', {
        family: p.family,
        group: p.group,
        err: p.message,
      });
    }
  }
  const { format, contentType } = expositionFormat(req.headers.accept);
  const gzip = gzipAccepted(req.headers['accept-encoding']);
  // A second text scrape of an unchanged store keeps the text of its families as bytes, so
  // that scrapes of a store read more often than it changes copy nothing (see textChunks).
  let keepText = false;
  if (format === 'text') {
    keepText = textVersion.get(gw.store) === snapshot.version;
    textVersion.set(gw.store, snapshot.version);
  }
  const render = async (): Promise<Rendered> => {
    const out = await renderExposition(snapshot, gw.metrics.families(), req.headers.accept, keepText);
    if (!gzip) return measured(out);
    return measured({ ...out, body: await gzipAsync(joined(out.body)) });
  };
  const key = `${snapshot.version} ${contentType} ${gzip}`;
  await sharedOf(gw.store).use(key, render, async (out) => {
    res.statusCode = 200;
    res.setHeader('Content-Type', out.contentType);
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', out.length);
    const body = out.body;
    if (req.method === 'HEAD') res.end();
    else if (typeof body === 'string' || body instanceof Uint8Array) res.end(body);
    else await writePieces(res, body, out.sizes!);
  });
}
