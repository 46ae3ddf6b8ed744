import { Lexer, type ILexingResult } from 'chevrotain';
import { omLexerDefinition } from './tokens.js';

let lexer: Lexer | undefined;

/**
 * The singleton OpenMetrics lexer, built on first use (so that text-format
 * users do not pay for it). Offsets only, first-char optimizations required.
 */
export function omLexer(): Lexer {
  lexer ??= new Lexer(omLexerDefinition, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    skipValidations: false,
  });
  return lexer;
}

/** Tokenizes one line-aligned piece, starting in the `line` mode. */
export function lexOmChunk(text: string): ILexingResult {
  return omLexer().tokenize(text);
}
