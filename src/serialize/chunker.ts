/**
 * Collects text and bytes into chunks of at most `size` bytes, so a large
 * output is never one string or one buffer. Text is UTF-8 encoded with
 * `TextEncoder.encodeInto` straight into the chunk buffers, in batches.
 */
export class Chunker {
  private readonly size: number;
  private readonly batch: number;
  private readonly encoder = new TextEncoder();
  /** The chunk being filled; allocated only when text must be encoded before the end, so a small output costs one exact-size buffer. */
  private buf: Uint8Array | undefined;
  private pos = 0;
  private pending = '';
  /** Full chunks not yet taken. */
  readonly ready: Uint8Array[] = [];

  constructor(size: number) {
    if (!(size >= 4)) throw new RangeError(`chunk size must be at least 4 bytes, got ${size}`);
    this.size = size;
    // A batch of pending text always fits one chunk, even at 3 bytes per UTF-16 unit.
    this.batch = Math.min(Math.floor(size / 3), 16384);
  }

  /** Appends text. */
  text(s: string): void {
    this.pending += s;
    if (this.pending.length >= this.batch) this.encodePending();
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
    if (this.pending !== '') {
      if (this.pos === 0) {
        // pending is shorter than a batch, so its bytes fit one chunk.
        const last = Buffer.from(this.pending, 'utf8');
        this.pending = '';
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
      const { read, written } = this.encoder.encodeInto(s, buf.subarray(this.pos));
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
