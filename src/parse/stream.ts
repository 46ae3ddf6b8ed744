import { Writable } from 'node:stream';
import { createParser, type ParseResult } from './create-parser.js';
import type { ParseOptions } from './options.js';

/**
 * Parses a stream of chunks: a Node `Readable`, a web `ReadableStream`, or any
 * async iterable of strings or bytes. Resolves with the result; rejects with
 * the first {@link ParseError} unless `continueOnError` is set.
 */
export async function parseStream(
  source: AsyncIterable<string | Uint8Array> | ReadableStream<Uint8Array>,
  options: ParseOptions = {},
): Promise<ParseResult> {
  const parser = createParser(options);
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) parser.feed(chunk);
  return parser.end();
}

/** A Node `Writable` that parses what is written to it; `result` settles when the stream finishes or fails. */
export interface ParseWritable extends Writable {
  readonly result: Promise<ParseResult>;
}

/** Creates a {@link ParseWritable}: pipe an HTTP request or a file into it. */
export function createParseWritable(options: ParseOptions = {}): ParseWritable {
  const parser = createParser(options);
  let settle!: (r: ParseResult) => void;
  let reject!: (e: unknown) => void;
  const result = new Promise<ParseResult>((res, rej) => {
    settle = res;
    reject = rej;
  });
  result.catch(() => undefined);
  const writable = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      try {
        parser.feed(chunk);
        callback();
      } catch (e) {
        reject(e);
        callback(e as Error);
      }
    },
    final(callback) {
      try {
        settle(parser.end());
        callback();
      } catch (e) {
        reject(e);
        callback(e as Error);
      }
    },
  });
  writable.on('error', reject);
  return Object.assign(writable, { result });
}
