/**
 * Cuts a stream of text into pieces that end at a line end, about `size`
 * units long, for the lexer. A line longer than `size` becomes a piece of its own.
 */
export class LineSplitter {
  private pending = '';

  constructor(
    private readonly size: number,
    private readonly emit: (piece: string) => void,
  ) {}

  /** Adds text; emits every complete piece it can. */
  push(text: string): void {
    const buf = this.pending.length === 0 ? text : this.pending + text;
    const size = this.size;
    let start = 0;
    while (buf.length - start >= size) {
      let end = buf.lastIndexOf('\n', start + size - 1);
      if (end < start) {
        end = buf.indexOf('\n', start + size);
        if (end < 0) break;
      }
      this.emit(buf.slice(start, end + 1));
      start = end + 1;
    }
    this.pending = start === 0 ? buf : buf.slice(start);
  }

  /** The text not yet emitted (an incomplete piece, possibly without a final LF). */
  rest(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }

  /** Length of the text held back. */
  get pendingLength(): number {
    return this.pending.length;
  }
}
