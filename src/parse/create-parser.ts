import { isAscii } from 'node:buffer';
import type { FastCursor } from '../../grammar/common/fast-labels.js';
import { setScanMode } from '../../grammar/common/scan-context.js';
import { ParseError } from '../errors/parse-error.js';
import { LIMIT_CODES } from '../errors/codes.js';
import type { MetricFamily, SourcePos } from '../model/types.js';
import type { ParseEngine } from './engine.js';
import { Char } from '../model/chars.js';
import { LineSplitter } from './line-splitter.js';
import { Locator } from './locate.js';
import type { ParseOptions } from './options.js';
import { OpenMetricsEngine } from './openmetrics/engine.js';
import { TextEngine } from './text-engine.js';

/** What a finished parse produced. */
export interface ParseResult {
  /** Families with at least one metric, in order of first appearance (the reference returns a map; sort by name to compare). */
  families: MetricFamily[];
  /** Every error met, in input order; empty unless `continueOnError` was set (otherwise the first error is thrown). */
  errors: ParseError[];
}

/** The streaming text parser: feed chunks, then end. */
export interface TextParser {
  /**
   * Adds input. Byte chunks may split lines and UTF-8 sequences anywhere; all
   * chunks of one parse must be of one kind (all strings or all bytes).
   * Throws the first {@link ParseError} unless `continueOnError` is set.
   */
  feed(chunk: string | Uint8Array): void;
  /** Ends the input and returns the result. Throws like {@link TextParser.feed}. */
  end(): ParseResult;
}

const DEFAULT_CHUNK = 65536;
/**
 * When byte chunks go to the engine's byte reader: from `minChunk` bytes on. It has a set-up
 * cost and pays for it over long runs of sample lines; shorter chunks are decoded whole, as
 * the string readers are as fast there. From 128 KB a chunk decoded whole is a string V8
 * allocates apart, in memory new to the process on every parse, and the byte reader wins:
 * a 140 KB node exporter page parsed 16% faster that way, a 146 KB page of labelled series
 * 30%. Not part of the API (tests lower it).
 */
export const byteReaderTuning = { minChunk: 128 * 1024 };

/**
 * From how many units a string chunk is read in place by the fast reader rather than cut into
 * pieces first. A piece cut from a string is a slice of it, and V8 reads a sliced string's
 * chars through its parent, several times slower than a flat string's. Not part of the API
 * (tests lower it).
 */
export const wholeTextTuning = { minChunk: 256 * 1024 };

/** The most bytes of lines the byte reader left that are decoded as one piece. */
const MAX_SLOW_RUN = 65536;

function countLineFeeds(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** The bytes of `chunk` as latin1 text (one char a byte); a `Buffer` needs no view made first. */
function latin1(chunk: Uint8Array): string {
  return (chunk instanceof Buffer ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)).toString(
    'latin1',
  );
}

/**
 * `text.lastIndexOf('\n')`, from the end by hand: a piece mostly ends with its LF, and V8 calls
 * into the runtime for `lastIndexOf`, a cost that shows on short inputs.
 */
function lastLineFeed(text: string): number {
  let i = text.length - 1;
  while (i >= 0 && text.charCodeAt(i) !== Char.LF) i--;
  return i;
}

/**
 * The parser core. Input is cut into line-aligned pieces; each piece is read
 * by the format's engine (fast reader, then the grammar for the lines it
 * leaves), whose assembler turns lines into families. Byte input is lexed as
 * latin1 text so that offsets are byte offsets and UTF-8 is checked where the
 * format requires it.
 */
class ParserCore implements TextParser {
  private readonly locator = new Locator();
  private readonly engine: ParseEngine;
  private readonly splitter: LineSplitter;
  private readonly errors: ParseError[] = [];
  private bytes: boolean | undefined;
  /**
   * Whether every byte chunk fed so far was found ASCII: the scanners then decode no text (see
   * `setScanMode`). A long chunk for the byte reader is not checked, and ends it.
   */
  private ascii = true;
  private base = 0;
  private baseLine = 1;
  private received = 0;
  /** Offset of the start of the last line seen (for the end-of-input position). */
  private lastLineStart = 0;
  private failure: ParseError | undefined;
  /** Whether byte chunks go to the engine's byte reader (see {@link feedBytes}). */
  private readonly byteLines: boolean;
  /** Whether long string chunks are read in place (see {@link feedText}). */
  private readonly wholeText: boolean;

  constructor(private readonly options: ParseOptions) {
    this.engine =
      options.format === 'openmetrics'
        ? new OpenMetricsEngine(this.locator, options, (error) => this.report(error))
        : new TextEngine(this.locator, options);
    this.splitter = new LineSplitter(options.chunkSize ?? DEFAULT_CHUNK, (piece) => this.process(piece));
    // Errors the byte reader's lines can raise are placed without the text around them only when
    // nothing is collected, no line length is checked and no series is counted.
    this.byteLines =
      this.engine.readBytes !== undefined &&
      options.engine !== 'grammar' &&
      options.continueOnError !== true &&
      options.maxLineLength === undefined &&
      options.maxSeries === undefined;
    // In place, an error is placed by a scan of the whole chunk: one error only, and no line
    // length is checked before the lines are read.
    this.wholeText =
      options.format !== 'openmetrics' &&
      options.engine !== 'grammar' &&
      options.continueOnError !== true &&
      options.maxLineLength === undefined;
  }

  /**
   * A long string chunk read in place (nothing pending before it): the fast reader takes what it
   * can of the whole chunk; each line it leaves is read as a piece of its own (a run of such
   * lines as a growing piece), and a last incomplete line waits in the splitter.
   */
  private feedText(text: string): void {
    const end = text.lastIndexOf('\n') + 1;
    const textBase = this.base;
    const textLine = this.baseLine;
    const cursor: FastCursor = { offset: 0, line: this.baseLine };
    let slowRun = 0;
    while (cursor.offset < end) {
      const from = cursor.offset;
      setScanMode(false);
      this.locator.reset(text, textBase, textLine);
      try {
        this.engine.readFast(text, cursor, false);
      } catch (e) {
        if (e instanceof ParseError) this.fail(e);
        throw e;
      }
      slowRun = this.afterFastRead(cursor, from, slowRun);
      if (cursor.offset >= end) break;
      const stop = cursor.offset + slowRun;
      const pieceEnd = stop >= end ? end : text.indexOf('\n', stop) + 1;
      this.process(text.slice(cursor.offset, pieceEnd));
      cursor.offset = pieceEnd;
      cursor.line = this.baseLine;
    }
    if (end < text.length) this.splitter.push(end === 0 ? text : text.slice(end));
  }

  /**
   * After a fast reader ran from `from`: moves past what it read and returns 0, or, when it read
   * nothing, the length of the next run of lines for the slow path (doubling, at most
   * `MAX_SLOW_RUN`), so that a run of lines the fast reader leaves is read as one piece.
   */
  private afterFastRead(cursor: FastCursor, from: number, slowRun: number): number {
    if (cursor.offset === from) return Math.min(Math.max(slowRun * 2, 256), MAX_SLOW_RUN);
    this.base += cursor.offset - from;
    this.baseLine = cursor.line;
    this.lastLineStart = this.base;
    return 0;
  }

  /**
   * Byte input without decoding it first: the engine's byte reader takes the lines it can;
   * each line it leaves is decoded and read as a piece of its own (a run of such lines as a
   * growing piece), and a last incomplete line waits in the splitter as text.
   */
  private feedBytes(buf: Buffer): void {
    let start = 0;
    if (this.splitter.pendingLength > 0) {
      const lf = buf.indexOf(Char.LF);
      if (lf < 0) {
        this.splitter.push(buf.toString('latin1', 0, buf.length));
        return;
      }
      this.splitter.push(buf.toString('latin1', 0, lf + 1));
      this.process(this.splitter.rest());
      start = lf + 1;
    }
    const end = buf.lastIndexOf(Char.LF) + 1;
    const cursor: FastCursor = { offset: start, line: this.baseLine };
    let slowRun = 0;
    while (cursor.offset < end) {
      const from = cursor.offset;
      setScanMode(true, this.ascii);
      try {
        this.engine.readBytes?.(buf, end, cursor, this.base - from);
      } catch (e) {
        if (e instanceof ParseError) this.fail(e);
        throw e;
      }
      slowRun = this.afterFastRead(cursor, from, slowRun);
      if (cursor.offset >= end) break;
      const stop = cursor.offset + slowRun;
      const pieceEnd = stop >= end ? end : buf.indexOf(Char.LF, stop) + 1;
      this.process(buf.toString('latin1', cursor.offset, pieceEnd));
      cursor.offset = pieceEnd;
      cursor.line = this.baseLine;
    }
    if (end < buf.length) this.splitter.push(buf.toString('latin1', Math.max(end, start), buf.length));
  }

  feed(chunk: string | Uint8Array): void {
    if (this.failure) throw this.failure;
    const isBytes = typeof chunk !== 'string';
    if (this.bytes === undefined) this.bytes = isBytes;
    else if (this.bytes !== isBytes) throw new TypeError('promkit: feed() chunks must all be strings or all be bytes');
    if (isBytes && this.byteLines && chunk.byteLength >= byteReaderTuning.minChunk) {
      // The byte reader reads most of such a chunk without the scanners: a pass over all of its
      // bytes would cost more than the searches it spares in the few texts they read.
      this.ascii = false;
      this.checkBodySize(chunk.byteLength);
      this.feedBytes(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      return;
    }
    if (!isBytes && this.wholeText && chunk.length >= wholeTextTuning.minChunk && this.splitter.pendingLength === 0) {
      this.checkBodySize(this.options.maxBodyBytes === undefined ? 0 : Buffer.byteLength(chunk));
      this.feedText(chunk);
      return;
    }
    // One native pass over the chunk spares the scanners a search for bytes to decode in each text.
    if (isBytes && this.ascii) this.ascii = isAscii(chunk);
    const text = isBytes ? latin1(chunk) : chunk;
    this.checkBodySize(
      isBytes ? chunk.byteLength : this.options.maxBodyBytes === undefined ? 0 : Buffer.byteLength(chunk),
    );
    this.splitter.push(text);
    const max = this.options.maxLineLength;
    if (max !== undefined && this.splitter.pendingLength > max) this.checkPendingLine(max);
  }

  end(): ParseResult {
    if (this.failure) throw this.failure;
    this.process(this.splitter.rest());
    const end: SourcePos = { line: this.baseLine, column: this.base - this.lastLineStart + 1, offset: this.base };
    this.engine.finish(end);
    // Errors found when a point or family ends belong to earlier lines.
    if (this.errors.length > 1) this.errors.sort((a, b) => a.offset - b.offset);
    return { families: this.options.validateOnly === true ? [] : this.engine.result(), errors: this.errors };
  }

  /** An error found after its line was read: stops the parse, or is collected when collecting errors. */
  private report(error: ParseError): void {
    if (!this.options.continueOnError || LIMIT_CODES.has(error.code)) this.fail(error);
    this.errors.push(error);
  }

  private checkBodySize(bytes: number): void {
    const max = this.options.maxBodyBytes;
    if (max === undefined) return;
    this.received += bytes;
    if (this.received > max) {
      const msg = `body larger than the limit of ${max} bytes`;
      this.fail(new ParseError('BODY_TOO_LARGE', msg, { line: this.baseLine, column: 1, offset: max }));
    }
  }

  /** A partial line already longer than the limit is refused before the rest arrives. */
  private checkPendingLine(max: number): void {
    const rest = this.splitter.rest();
    this.splitter.push(rest);
    const start = rest.lastIndexOf('\n') + 1;
    if (rest.length - start > max) this.lineTooLong(rest, start, max);
  }

  private lineTooLong(text: string, start: number, max: number): void {
    this.locator.reset(text, this.base, this.baseLine);
    const msg = `line longer than the limit of ${max}`;
    this.fail(
      new ParseError('LINE_TOO_LONG', msg, this.locator.pos(start), { text: text.slice(start, start + 200), caret: 0 }),
    );
  }

  private checkLineLengths(text: string, max: number): void {
    let start = 0;
    for (let lf = text.indexOf('\n'); ; lf = text.indexOf('\n', start)) {
      const end = lf < 0 ? text.length : lf;
      if (end - start > max) this.lineTooLong(text, start, max);
      if (lf < 0) return;
      start = lf + 1;
    }
  }

  private fail(error: ParseError): never {
    this.failure = error;
    throw error;
  }

  /** Parses one line-aligned piece, resuming after each error when collecting errors. */
  private process(text: string): void {
    if (text.length === 0) return;
    setScanMode(this.bytes ?? false, this.ascii);
    const maxLine = this.options.maxLineLength;
    if (maxLine !== undefined) this.checkLineLengths(text, maxLine);
    const cursor: FastCursor = { offset: 0, line: this.baseLine };
    const grammar = this.options.engine === 'grammar';
    let counted = !grammar;
    while (cursor.offset < text.length) {
      const error = grammar ? this.runGrammar(text, cursor) : this.runFast(text, cursor);
      if (error === undefined) break;
      if (!this.options.continueOnError || LIMIT_CODES.has(error.code)) this.fail(error);
      this.errors.push(error);
      counted = false;
      const lf = text.indexOf('\n', error.offset - this.base);
      if (lf < 0) break;
      cursor.offset = lf + 1;
      cursor.line = error.line + 1;
    }
    const lastLf = lastLineFeed(text);
    // The fast readers count the lines they read (and those they hand the grammar one by one):
    // when they read the whole piece up to a final LF, no line feed needs counting again.
    this.baseLine = counted && lastLf === text.length - 1 ? cursor.line : this.baseLine + countLineFeeds(text);
    if (lastLf >= 0) this.lastLineStart = this.base + lastLf + 1;
    this.base += text.length;
  }

  /** The grammar reads the rest of the piece. */
  private runGrammar(text: string, cursor: FastCursor): ParseError | undefined {
    const piece = cursor.offset === 0 ? text : text.slice(cursor.offset);
    setScanMode(this.bytes ?? false, this.ascii);
    const error = this.engine.runGrammar(piece, this.base + cursor.offset, cursor.line);
    cursor.offset = text.length;
    return error;
  }

  /** The fast reader takes what it can; each line it leaves is read by the grammar alone. */
  private runFast(text: string, cursor: FastCursor): ParseError | undefined {
    const bytes = this.bytes ?? false;
    for (;;) {
      this.locator.reset(text, this.base, this.baseLine);
      try {
        this.engine.readFast(text, cursor, bytes);
      } catch (e) {
        if (e instanceof ParseError) return e;
        throw e;
      }
      if (cursor.offset >= text.length) return undefined;
      const lf = text.indexOf('\n', cursor.offset);
      const end = lf < 0 ? text.length : lf + 1;
      setScanMode(bytes, this.ascii);
      const error = this.engine.runGrammar(text.slice(cursor.offset, end), this.base + cursor.offset, cursor.line);
      if (error !== undefined) return error;
      cursor.offset = end;
      cursor.line++;
    }
  }
}

/**
 * Creates a streaming parser: the text format 0.0.4 with the reference's
 * acceptance and errors (default), or OpenMetrics 1.0 with `format:
 * 'openmetrics'`. See {@link ParseOptions} for limits and error collection.
 */
export function createParser(options: ParseOptions = {}): TextParser {
  return new ParserCore(options);
}
