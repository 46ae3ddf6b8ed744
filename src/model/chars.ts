/**
 * Char codes the hand-written scanners compare against (`text.charCodeAt(i) === Char.LF`).
 * One place for them, so every reader spells a byte the same way. A `const enum`, so the
 * bundler writes the numbers in place (an imported `const` would be a live binding to load
 * on every comparison in the hot loops).
 */
export const enum Char {
  /** Horizontal tab. */
  TAB = 9,
  /** Line feed: the only line end of both exposition formats. */
  LF = 10,
  /** Carriage return. */
  CR = 13,
  /** Space. */
  SPACE = 32,
  /** `"` */
  QUOTE = 34,
  /** `#` */
  HASH = 35,
  /** `+` */
  PLUS = 43,
  /** `,` */
  COMMA = 44,
  /** `-` */
  MINUS = 45,
  /** `.` */
  DOT = 46,
  /** `/` */
  SLASH = 47,
  /** `0` */
  ZERO = 48,
  /** `9` */
  NINE = 57,
  /** `=` */
  EQUALS = 61,
  /** `E` */
  UPPER_E = 69,
  /** `\` */
  BACKSLASH = 92,
  /** `_` */
  UNDERSCORE = 95,
  /** `e` */
  LOWER_E = 101,
  /** `m` */
  LOWER_M = 109,
  /** `n` */
  LOWER_N = 110,
  /** `t` */
  LOWER_T = 116,
  /** `{` */
  LBRACE = 123,
  /** `}` */
  RBRACE = 125,
  /** The first char code that is not ASCII. */
  HIGH = 0x80,
}
