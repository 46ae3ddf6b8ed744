import { Lexer, type ILexingResult } from 'chevrotain';
import { lexerDefinition } from './tokens.js';

/**
 * The singleton lexer. Offsets only (line and column are computed from the
 * offset when an error is reported), first-char optimizations required.
 */
export const textLexer = new Lexer(lexerDefinition, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
  skipValidations: false,
});

/** Tokenizes one line-aligned chunk, starting in the `line` mode. */
export function lexChunk(text: string): ILexingResult {
  return textLexer.tokenize(text);
}
