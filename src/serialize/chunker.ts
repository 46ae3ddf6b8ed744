const encoder = new TextEncoder();

/**
 * Short last chunks (up to {@link SLAB_PIECE} bytes) are cut from a shared
 * slab, as `Buffer.allocUnsafe` cuts small buffers from its pool: a new
 * `ArrayBuffer` per short output cost about 1 µs, a large part of writing a
 * 2 KB exposition. A chunk keeps its slab (at most {@link SLAB} bytes) alive
 * while it is held.
 */
const SLAB = 32768;
const SLAB_PIECE = SLAB / 4;
let slab = Buffer.allocUnsafeSlow(SLAB);
let slabPos = 0;

/** Where a short last chunk whose bytes may not fit a slab piece is encoded before it is copied. */
const SCRATCH_CHARS = 16384;
const scratch = Buffer.allocUnsafeSlow(3 * SCRATCH_CHARS);

/** Starts a new slab. */
function freshSlab(): void {
  slab = Buffer.allocUnsafeSlow(SLAB);
  slabPos = 0;
}

/** The start of `n` bytes of the slab, taken (a new slab when they do not fit). */
function takeSlab(n: number): number {
  if (slabPos + n > SLAB) freshSlab();
  return slabPos;
}

/** Gives back what lies after `end` in the slab; the next piece starts 8-byte aligned, as in the pool of `Buffer.allocUnsafe`. */
function keepSlabTo(end: number): void {
  slabPos = (end + 7) & ~7;
}

/** The UTF-8 bytes of `s` (at most {@link SCRATCH_CHARS} characters) in a buffer of their exact size. */
function shortChunk(s: string): Buffer {
  if (3 * s.length <= SLAB_PIECE) {
    // Encoded in place, with no copy: where at least a byte a character is left, and in a new
    // slab when the text did not fit there (a new slab holds it at 3 bytes a character).
    let start = takeSlab(s.length);
    const first = encoder.encodeInto(s, slab.subarray(start));
    let written = first.written;
    if (first.read < s.length) {
      freshSlab();
      start = 0;
      written = encoder.encodeInto(s, slab).written;
    }
    keepSlabTo(start + written);
    return slab.subarray(start, start + written);
  }
  const { written } = encoder.encodeInto(s, scratch);
  let out: Buffer;
  if (written > SLAB_PIECE) out = Buffer.allocUnsafe(written);
  else {
    const start = takeSlab(written);
    keepSlabTo(start + written);
    out = slab.subarray(start, start + written);
  }
  scratch.copy(out, 0, 0, written);
  return out;
}

/**
 * Collects text and bytes into chunks of at most `size` bytes, so a large
 * output is never one string or one buffer. Text is UTF-8 encoded with
 * `TextEncoder.encodeInto` straight into the chunk buffers, a chunk's worth of
 * characters at a time: the pending text is one string joined from many
 * pieces, and each encoding first copies it into one flat string, so fewer,
 * larger batches cost less.
 */
export class Chunker {
  private readonly size: number;
  /** The chunk being filled; allocated only when text must be encoded before the end, so a small output costs one exact-size buffer. */
  private buf: Uint8Array | undefined;
  private pos = 0;
  private pending = '';
  /** Full chunks not yet taken. */
  readonly ready: Uint8Array[] = [];

  constructor(size: number) {
    if (!(size >= 4)) throw new RangeError(`chunk size must be at least 4 bytes, got ${size}`);
    this.size = size;
  }

  /** Appends text. */
  text(s: string): void {
    this.pending += s;
    // At one byte or more per character, this much text fills a chunk.
    if (this.pending.length >= this.size) this.encodePending();
  }

  /** Appends bytes (copied). */
  bytes(b: Uint8Array): void {
    if (this.pending !== '') this.encodePending();
    let off = 0;
    while (off < b.length) {
      const buf = (this.buf ??= Buffer.allocUnsafe(this.size));
      const n = Math.min(this.size - this.pos, b.length - off);
      buf.set(b.subarray(off, off + n), this.pos);
      this.pos += n;
      off += n;
      if (this.pos === this.size) this.rotate();
    }
  }

  /** Flushes everything and returns the last, possibly short chunk (or `undefined` when empty). */
  end(): Uint8Array | undefined {
    const p = this.pending;
    if (p !== '') {
      if (this.pos === 0 && p.length <= SCRATCH_CHARS && 3 * p.length <= this.size) {
        // A short output: its bytes fit one chunk, so they get a buffer of their exact size.
        this.pending = '';
        return shortChunk(p);
      }
      this.encodePending();
    }
    if (this.pos === 0 || this.buf === undefined) return undefined;
    const last = this.buf.subarray(0, this.pos);
    this.buf = undefined;
    this.pos = 0;
    return last;
  }

  private encodePending(): void {
    let s = this.pending;
    this.pending = '';
    for (;;) {
      const buf = (this.buf ??= Buffer.allocUnsafe(this.size));
      const { read, written } = encoder.encodeInto(s, buf.subarray(this.pos));
      this.pos += written;
      if (read === s.length) break;
      s = s.slice(read);
      this.rotate();
    }
    if (this.pos === this.size) this.rotate();
  }

  private rotate(): void {
    if (this.buf !== undefined && this.pos > 0)
      this.ready.push(this.pos === this.size ? this.buf : this.buf.subarray(0, this.pos));
    this.buf = undefined;
    this.pos = 0;
  }
}
