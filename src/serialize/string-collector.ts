/**
 * Collects an output string from many small pieces. A small output stays a
 * plain string built with `+=`. Once it passes {@link SPILL} characters, the
 * text is encoded batch by batch into a byte buffer that is reused from one
 * output to the next, and the string is decoded from it once at the end.
 *
 * Why: a large output kept as strings (ropes or flattened pieces) survives
 * the young-generation collections that run while it grows, and every
 * survivor is copied, then promoted; bytes in a reused buffer are not
 * collected at all, and the final string is one copy.
 */

/** Characters collected as a string before the output moves to bytes; also the batch size. */
const SPILL = 65536;

const encoder = new TextEncoder();

/** A lone surrogate, which the UTF-8 bytes could not carry (they would read back as U+FFFD). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The byte buffer of the last large output. The next large output reuses its
 * memory, already mapped: fresh memory costs far more than the copy (a page
 * fault per page). It is held for {@link HOLD_MS} after its last use, so a
 * collection between two outputs does not drop it; after that it is only
 * weakly held, and an idle process gives it back to the collector.
 */
let scratch: WeakRef<Buffer> | undefined;
let held: Buffer | undefined;
const HOLD_MS = 60_000;
let release: NodeJS.Timeout | undefined;

/** The reusable buffer, if still there. */
function takeScratch(): Buffer | undefined {
  return held ?? scratch?.deref();
}

/** Keeps `buf` for the next output: strongly for {@link HOLD_MS}, weakly after. */
function keepScratch(buf: Buffer): void {
  if (scratch?.deref() !== buf) scratch = new WeakRef(buf);
  held = buf;
  if (release === undefined) {
    release = setTimeout(() => {
      held = undefined;
    }, HOLD_MS);
    // The timer only lets the buffer go: it must not keep the process alive.
    release.unref();
  } else release.refresh();
}

/** The buffer held strongly for the next large output, if any (for tests). */
export function heldBuffer(): Buffer | undefined {
  return held;
}

/** Builds one string from pieces appended in order; see the module comment. */
export class StringCollector {
  private text = '';
  private buf: Buffer | undefined;
  private pos = 0;
  /** Whether every byte written so far is ASCII (then the bytes read back as latin1, the cheapest decoding). */
  private ascii = true;
  /** Set when text that bytes cannot carry was met: the rest stays a string. */
  private stringOnly = false;

  /** Appends `s`. */
  add(s: string): void {
    this.text += s;
    if (this.text.length > SPILL && !this.stringOnly) this.spill();
  }

  /** Returns the whole string; the collector must not be used afterwards. */
  finish(): string {
    if (this.buf === undefined) return this.text;
    this.spill();
    const buf = this.buf;
    this.buf = undefined;
    keepScratch(buf);
    return this.head(buf) + this.text;
  }

  /** The bytes written so far as a string. */
  private head(buf: Buffer): string {
    return buf.toString(this.ascii ? 'latin1' : 'utf8', 0, this.pos);
  }

  /** Moves the pending text into the byte buffer. */
  private spill(): void {
    let s = this.text;
    if (s === '') return;
    let buf = this.buf;
    if (buf === undefined) {
      buf = takeScratch() ?? Buffer.allocUnsafe(4 * SPILL);
      this.buf = buf;
    }
    const start = this.pos;
    let ascii = true;
    for (;;) {
      const { read, written } = encoder.encodeInto(s, buf.subarray(this.pos));
      this.pos += written;
      if (read !== written) ascii = false;
      if (read === s.length) break;
      s = s.slice(read);
      const grown = Buffer.allocUnsafe(Math.max(buf.length * 2, this.pos + 3 * s.length));
      buf.copy(grown, 0, 0, this.pos);
      buf = this.buf = grown;
    }
    if (!ascii) {
      if (LONE_SURROGATE.test(this.text)) {
        this.pos = start;
        this.text = this.head(buf) + this.text;
        this.buf = undefined;
        keepScratch(buf);
        this.stringOnly = true;
        return;
      }
      this.ascii = false;
    }
    this.text = '';
  }
}
