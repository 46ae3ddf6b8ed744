import type { ServerResponse } from 'node:http';
import { yieldToLoop } from '../../store/index.js';

/**
 * A response body made once as UTF-8 bytes and shared by every response
 * that writes it: a list of Buffers, encoded a slice at a time with the
 * event loop let go in between, so that making a large body never holds up
 * a push for long.
 */

/** Size of the buffers strings are encoded into. */
export const CHUNK_BYTES = 256 * 1024;

/**
 * Bytes encoded between two pauses: a few milliseconds of work. Each pause
 * costs a turn of the event loop, in which every scrape being written
 * moves on too, so that pausing much more often makes a rendering slow.
 */
const PAUSE_BYTES = 1024 * 1024;

/** Characters of a long string encoded at once (at most 3 bytes each, so that a slice fits a chunk). */
const SLICE_CHARS = CHUNK_BYTES / 3;

/**
 * The body as Buffers: bytes as they are (not copied), strings encoded into
 * buffers of {@link CHUNK_BYTES}. `pause` runs after every
 * {@link PAUSE_BYTES} encoded (by default it lets the event loop run other
 * callbacks once).
 */
export async function bodyChunks(
  body: string | Uint8Array | readonly (string | Uint8Array)[],
  pause: () => Promise<void> = yieldToLoop,
): Promise<Buffer[]> {
  const pieces = typeof body === 'string' || body instanceof Uint8Array ? [body] : body;
  const chunks: Buffer[] = [];
  let buf: Buffer | undefined;
  let off = 0;
  let encoded = 0;
  /** Closes the current buffer; pauses once {@link PAUSE_BYTES} were encoded since the last pause. */
  const close = async (): Promise<void> => {
    if (buf === undefined || off === 0) return;
    chunks.push(buf.subarray(0, off));
    encoded += off;
    buf = undefined;
    off = 0;
    if (encoded >= PAUSE_BYTES) {
      encoded = 0;
      await pause();
    }
  };
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      await close();
      if (piece.length > 0) chunks.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
      continue;
    }
    for (let i = 0; i < piece.length;) {
      const end = sliceEnd(piece, i);
      if ((end - i) * 3 > CHUNK_BYTES - off) await close();
      buf ??= Buffer.allocUnsafeSlow(CHUNK_BYTES);
      off += buf.write(i === 0 && end === piece.length ? piece : piece.slice(i, end), off, 'utf8');
      i = end;
    }
  }
  if (buf !== undefined && off > 0) chunks.push(Buffer.from(buf.subarray(0, off)));
  return chunks;
}

/** Where the slice of `s` starting at `i` ends: at most {@link SLICE_CHARS} on, never inside a surrogate pair. */
function sliceEnd(s: string, i: number): number {
  if (s.length - i <= SLICE_CHARS) return s.length;
  const end = i + SLICE_CHARS;
  const c = s.charCodeAt(end - 1);
  return c >= 0xd800 && c <= 0xdbff ? end - 1 : end;
}

/** Bytes a response may have queued before the next chunk waits for it to drain. */
const QUEUED_BYTES = 1024 * 1024;

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
 * Writes `chunks` and ends `res`, with backpressure: once about
 * {@link QUEUED_BYTES} are queued, the next chunk waits for the socket to
 * take them. The chunks are shared, so queueing one copies nothing. Stops
 * early if the connection closes.
 */
export async function writeChunks(res: ServerResponse, chunks: readonly Buffer[]): Promise<void> {
  for (const c of chunks) {
    if (res.destroyed) return;
    // `drain` comes only after a write that returned false.
    if (!res.write(c) && res.writableLength >= QUEUED_BYTES && !res.destroyed) await writable(res);
  }
  if (!res.destroyed) res.end();
}
