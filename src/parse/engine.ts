import { EOF, type ILexingResult, type IToken } from 'chevrotain';
import type { FastCursor } from '../../grammar/common/fast-labels.js';
import type { ParseError } from '../errors/parse-error.js';
import type { MetricFamily, SourcePos } from '../model/types.js';

/**
 * One exposition format as the streaming core sees it: a fast line reader, a
 * grammar run over a line-aligned piece, an end-of-input check and the
 * families built. The core (`create-parser.ts`) owns chunking, limits, the
 * locator and error collection; the engine owns its lexer, grammar and
 * assembler. Every method throws or returns {@link ParseError}s only.
 */
export interface ParseEngine {
  /**
   * Reads what the fast reader takes from `cursor.offset` on, leaving the
   * cursor at the first line it does not take. The locator is already pointed
   * at `text`. May throw a {@link ParseError}.
   */
  readFast(text: string, cursor: FastCursor, bytes: boolean): void;
  /**
   * Reads what a reader of raw bytes takes from `cursor.offset` on, up to `end` (just after a
   * LF), leaving the cursor at the first line it does not take; `base` is the input offset of
   * `buf[0]`. Engines without one have the core decode every byte. May throw a {@link ParseError}.
   */
  readBytes?(buf: Buffer, end: number, cursor: FastCursor, base: number): void;
  /** Lexes and parses one piece starting at a line start (`base`, `baseLine`); returns its first error. */
  runGrammar(piece: string, base: number, baseLine: number): ParseError | undefined;
  /** The input ended at `end`: runs the end-of-input checks (reporting through the core, or throwing). */
  finish(end: SourcePos): void;
  /** The families built, in first-seen order. */
  result(): MetricFamily[];
}

/** A lexing result cut at its first lexer error: the tokens before it and the error's offset (-1 if none). */
export interface LexedPiece {
  tokens: IToken[];
  lexError: number;
}

/**
 * Drops the tokens at or after the first lexer error, so that the grammar
 * stops there and the error is reported from what the line expected.
 */
export function cutAtLexError(lexed: ILexingResult): LexedPiece {
  let tokens = lexed.tokens;
  const lexError = lexed.errors.length > 0 ? lexed.errors[0].offset : -1;
  if (lexError >= 0) {
    let k = tokens.length;
    while (k > 0 && tokens[k - 1].startOffset >= lexError) k--;
    tokens = tokens.slice(0, k);
  }
  return { tokens, lexError };
}

/**
 * Where a grammar mismatch happened: the offending token's offset, or, when
 * the tokens ran out, the lexer error's offset or the end of the piece.
 */
export function mismatchOffset(token: IToken | undefined, lexError: number, pieceLength: number): number {
  if (token !== undefined && token.tokenType !== EOF) return token.startOffset;
  return lexError >= 0 ? lexError : pieceLength;
}
