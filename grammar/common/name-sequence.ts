import { isMetricNameChar } from '../../src/model/names.js';

/** The most names and chars one document records for the next (a longer document keeps its first ones). */
const MAX_NAMES = 10_000;
const MAX_CHARS = 1 << 18;

/** Where the names of the last document that recorded any are kept for the next one: one per kind of name and format. */
export class NameShelf {
  names: readonly string[] = [];
}

/**
 * The names of one document that a reader has to read (the first name of
 * each family, a sample name that changes), spelled from those of the last
 * document. A producer writes its families in the same order on every
 * scrape or push, so such a name is mostly the one at the same place last
 * time: comparing it in place costs less than scanning the name and slicing
 * a new string, and the string it returns is the one the last result had,
 * whose hash a family table has already computed. A name that is not there
 * is read as before and recorded as a copy, so the record never holds on to
 * the input it came from.
 */
export class NameSequence {
  private readonly last: readonly string[];
  /** Where the next name is expected in {@link last}. */
  private at = 0;
  private readonly names: string[] = [];
  /** Chars of {@link names}, and whether they are still recorded (below both limits). */
  private chars = 0;
  private recording = true;

  /** A sequence spelled from the names last put on `shelf`. */
  constructor(private readonly shelf: NameShelf) {
    this.last = shelf.names;
  }

  /**
   * The name at `start` of `text` when it is the one expected there (or the
   * one after it: a family gone since), recorded and returned; otherwise
   * `undefined`, and the caller reads the name and {@link record}s it.
   */
  expected(text: string, start: number): string | undefined {
    const last = this.last;
    for (let k = this.at; k < this.at + 2 && k < last.length; k++) {
      const name = last[k];
      // In place: `endsWith` at the name's end (as `spellsAt` in fast-labels.ts compares), then the char after it.
      const end = start + name.length;
      if (end <= text.length && text.endsWith(name, end) && !isMetricNameChar(text.charCodeAt(end))) {
        this.at = k + 1;
        if (this.recording) this.keep(name);
        return name;
      }
    }
    return undefined;
  }

  /** Records a name read from the input; returns the copy it keeps, which the caller uses from then on. */
  record(name: string): string {
    if (!this.recording) return name;
    // V8 copies a slice shorter than 13 chars; a longer one points into the input, so it is sliced
    // from a join instead, which is flat and holds nothing of the input.
    const copy = name.length < 13 ? name : (' ' + name).slice(1);
    this.keep(copy);
    return copy;
  }

  private keep(name: string): void {
    this.chars += name.length;
    if (this.names.length >= MAX_NAMES || this.chars > MAX_CHARS) this.recording = false;
    else this.names.push(name);
  }

  /** Ends the document: its names go on the shelf, for the next document to be spelled from. */
  finish(): void {
    if (this.names.length > 0) this.shelf.names = this.names;
  }
}
