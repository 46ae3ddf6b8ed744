export { parse, parseAll, check } from './parse.js';
export { createParser, type TextParser, type ParseResult } from './create-parser.js';
export { parseStream, createParseWritable, type ParseWritable } from './stream.js';
export type { ParseOptions } from './options.js';
export {
  detectFormat,
  formatFromContent,
  formatFromContentType,
  inputFormatOf,
  type InputFormat,
  type ContentTypeFormat,
  type DetectedFormat,
  type ExpositionFormat,
} from './detect.js';
