import type { LineExcerpt, SourcePos } from '../model/types.js';
import type { ParseErrorCode } from './codes.js';

/**
 * A rejected input. `message` is exactly the reference's `err.Error()`
 * (`text format parsing error in line N: <msg>`); `msg` is the part after the
 * prefix, `code`, `line`, `column` and `offset` say where and what.
 */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  /** Stable code from {@link PARSE_ERROR_CODES}. */
  readonly code: ParseErrorCode;
  /** 1-based line, counted as the reference counts it. */
  readonly line: number;
  /** 1-based column of the offending token or byte. */
  readonly column: number;
  /** 0-based offset of the offending token or byte. */
  readonly offset: number;
  /** The reference message without the `... in line N: ` prefix. */
  readonly msg: string;
  /** The offending line's text (without its LF, decoded as UTF-8 for byte input), when known. */
  readonly lineText?: string;
  /** The index in {@link lineText} of the offending character (the column counts bytes for byte input). */
  readonly caret?: number;

  constructor(
    code: ParseErrorCode,
    msg: string,
    pos: SourcePos,
    excerpt?: LineExcerpt,
    prefix = 'text format parsing error',
  ) {
    super(`${prefix} in line ${pos.line}: ${msg}`);
    this.code = code;
    this.msg = msg;
    this.line = pos.line;
    this.column = pos.column;
    this.offset = pos.offset;
    if (excerpt !== undefined) {
      this.lineText = excerpt.text;
      this.caret = excerpt.caret;
    }
  }

  /** The position as a {@link SourcePos}. */
  get pos(): SourcePos {
    return { line: this.line, column: this.column, offset: this.offset };
  }
}

/** Throws the error for a state the code should never reach. Never a user error. */
export function codeError(what: string): never {
  throw new Error(`code error: ${what}`);
}
