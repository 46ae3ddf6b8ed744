import { ParseError } from '../../src/errors/parse-error.js';
import { createParser, type TextParser } from '../../src/parse/index.js';
import type { ParseOptions } from '../../src/parse/options.js';

/** A parse result reduced for comparison: the families, or where and why it failed. */
export type Outcome =
  { families: unknown } | { code: string; line: number; column: number; offset: number; msg: string };

/** Runs a parse and returns its {@link Outcome}; errors other than ParseError propagate. */
export function outcome(run: () => unknown): Outcome {
  try {
    return { families: run() };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return { code: e.code, line: e.line, column: e.column, offset: e.offset, msg: e.msg };
  }
}

/** Feeds `input` to a streaming parser cut at `cuts` (taken modulo the length) and returns the families. */
export function fedInPieces(input: Uint8Array, cuts: number[], options: ParseOptions): unknown {
  const parser = createParser({ ...options, positions: true });
  feedInPieces(parser, input, cuts);
  return parser.end().families;
}

/** Feeds `input` to `parser` cut at `cuts` (taken modulo the length, in order, repeats dropped). */
export function feedInPieces(parser: TextParser, input: Uint8Array, cuts: number[]): void {
  const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
  let prev = 0;
  for (const p of points) {
    parser.feed(input.subarray(prev, p));
    prev = p;
  }
  parser.feed(input.subarray(prev));
}
