import type { ServerResponse } from 'node:http';
import { yieldToLoop } from '../../store/index.js';

/**
 * A response body made once as UTF-8 bytes and shared by every response
 * that writes it: a few large Buffers (one per run of strings, bytes as they
 * are), encoded a slice at a time with the event loop let go in between, so
 * that making a large body never holds up a push for long, and writing it
 * takes a few large socket writes.
 */

/**
 * Bytes encoded (or measured) between two pauses: a few milliseconds of
 * work. Each pause costs a turn of the event loop, in which every scrape
 * being written moves on too, so that pausing much more often makes a
 * rendering slow.
 */
const PAUSE_BYTES = 1024 * 1024;

/** Characters of a long string encoded at once. */
const SLICE_CHARS = 256 * 1024;

/**
 * The body as Buffers: bytes as they are (not copied), each run of strings
 * encoded into one Buffer of its exact size. `pause` runs after every
 * {@link PAUSE_BYTES} measured and after every {@link PAUSE_BYTES} encoded
 * (by default it lets the event loop run other callbacks once).
 */
export async function bodyChunks(
  body: string | Uint8Array | readonly (string | Uint8Array)[],
  pause: () => Promise<void> = yieldToLoop,
): Promise<Buffer[]> {
  const pieces = typeof body === 'string' || body instanceof Uint8Array ? [body] : body;
  const chunks: Buffer[] = [];
  let done = 0;
  /** Counts `n` more bytes of work; true once {@link PAUSE_BYTES} were done since the last pause. */
  const due = (n: number): boolean => {
    done += n;
    if (done < PAUSE_BYTES) return false;
    done = 0;
    return true;
  };
  for (let i = 0; i < pieces.length;) {
    const first = pieces[i];
    if (typeof first !== 'string') {
      if (first.length > 0) chunks.push(Buffer.from(first.buffer, first.byteOffset, first.byteLength));
      i++;
      continue;
    }
    // The run of strings from `i`: measured first, so that it is encoded into one buffer.
    let end = i;
    let bytes = 0;
    for (let piece = pieces[end]; typeof piece === 'string'; piece = pieces[++end]) {
      const n = Buffer.byteLength(piece, 'utf8');
      bytes += n;
      if (due(n)) await pause();
    }
    const buf = Buffer.allocUnsafeSlow(bytes);
    let off = 0;
    for (; i < end; i++) {
      const s = pieces[i] as string;
      for (let a = 0; a < s.length;) {
        const b = sliceEnd(s, a);
        const n = buf.write(a === 0 && b === s.length ? s : s.slice(a, b), off, 'utf8');
        off += n;
        a = b;
        if (due(n)) await pause();
      }
    }
    if (off > 0) chunks.push(buf);
  }
  return chunks;
}

/** Where the slice of `s` starting at `i` ends: at most {@link SLICE_CHARS} on, never inside a surrogate pair. */
function sliceEnd(s: string, i: number): number {
  if (s.length - i <= SLICE_CHARS) return s.length;
  const end = i + SLICE_CHARS;
  const c = s.charCodeAt(end - 1);
  return c >= 0xd800 && c <= 0xdbff ? end - 1 : end;
}

/**
 * Writes `chunks` and ends `res`: all at once, corked, so that the socket
 * takes them in one vectored write and sends the rest as the peer reads,
 * with no JavaScript between the pieces. The chunks are made before and
 * shared, so queueing them copies nothing and holds no more memory than the
 * rendering already does. Does nothing if the connection is closed.
 */
export function writeChunks(res: ServerResponse, chunks: readonly Buffer[]): void {
  if (res.destroyed) return;
  res.cork();
  for (const c of chunks) res.write(c);
  res.end();
}
