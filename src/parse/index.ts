export { parse, parseAll } from './parse.js';
export { createParser, type TextParser, type ParseResult } from './create-parser.js';
export { parseStream, createParseWritable, type ParseWritable } from './stream.js';
export type { ParseOptions } from './options.js';
