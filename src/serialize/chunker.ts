const encoder = new TextEncoder();

/** Where a short last chunk is encoded before it is copied into a buffer of its exact size. */
const SCRATCH_CHARS = 16384;
const scratch = Buffer.allocUnsafeSlow(3 * SCRATCH_CHARS);

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
        const { written } = encoder.encodeInto(p, scratch);
        const last = Buffer.allocUnsafe(written);
        scratch.copy(last, 0, 0, written);
        return last;
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
