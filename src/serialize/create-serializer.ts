import { Readable, pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { MetricFamily } from '../model/types.js';
import { Chunker } from './chunker.js';
import type { SerializeFormat } from './content-types.js';
import { OpenMetricsRenderer, type OpenMetricsOptions } from './openmetrics.js';
import { encodeProtobuf, encodeProtobufFamily } from './protobuf.js';
import { renderAllBytes, renderFamily, sortFamiliesByName, type FamilyRenderer } from './renderer.js';
import { TextRenderer } from './text.js';

/** Options of {@link serializeIter} and {@link serializeStream}. */
export interface SerializeIterOptions {
  format: SerializeFormat;
  /** Upper bound of each yielded chunk in bytes (the last one may be shorter). Default 65536. */
  chunkSize?: number;
  /** Gzip the output (chunks are then the compressor's, still at most `chunkSize`). `true` or a zlib level 0–9. */
  gzip?: boolean | number;
  /** What the OpenMetrics writer adds beyond expfmt 0.39 (`unit`, `created`, `openMetricsTypes`); `sortByName` is ignored here. */
  openMetrics?: OpenMetricsOptions;
}

/** Default chunk size of the streaming serializer. */
export const DEFAULT_CHUNK_SIZE = 65536;

/** The families a streaming serializer reads: any iterable, synchronous or not (a generator, a store's view). */
export type Families = Iterable<MetricFamily> | AsyncIterable<MetricFamily>;

function rendererFor(format: SerializeFormat, om: OpenMetricsOptions | undefined): FamilyRenderer | undefined {
  switch (format) {
    case 'text':
      return new TextRenderer();
    case 'openmetrics':
      return new OpenMetricsRenderer(om);
    case 'protobuf':
      return undefined;
    default:
      throw new RangeError(`unknown format "${String(format)}"`);
  }
}

/** Renders one family into the chunker. */
function emitFamily(f: MetricFamily, r: FamilyRenderer | undefined, c: Chunker): void {
  if (r === undefined) {
    c.bytes(encodeProtobufFamily(f));
    return;
  }
  renderFamily(f, r, c);
}

const NONE: readonly Uint8Array[] = [];

/** Renders families into chunks for the streaming serializers. */
class ChunkWriter {
  private readonly r: FamilyRenderer | undefined;
  private readonly c: Chunker;

  constructor(format: SerializeFormat, chunkSize: number, om: OpenMetricsOptions | undefined) {
    this.r = rendererFor(format, om);
    this.c = new Chunker(chunkSize);
  }

  /** Renders `f` and returns the chunks it filled. */
  family(f: MetricFamily): readonly Uint8Array[] {
    emitFamily(f, this.r, this.c);
    return this.c.ready.length > 0 ? this.c.ready.splice(0) : NONE;
  }

  /** What is left once every family is rendered: the renderer's ending and the short last chunk. */
  end(): readonly Uint8Array[] {
    if (this.r !== undefined) this.c.text(this.r.finish());
    const last = this.c.end();
    const out = this.c.ready.splice(0);
    if (last !== undefined) out.push(last);
    return out;
  }
}

const DONE: IteratorResult<Uint8Array, undefined> = Object.freeze({ value: undefined, done: true });

/**
 * The chunks of a synchronous source, cut when the consumer asks for the
 * next one. A generator would do the same; this object costs less to start,
 * which is most of the cost of a short output. It keeps a generator's
 * contract: `return` and `throw` close the source, an error ends the
 * iteration, and a family that throws closes the source.
 */
class SyncChunks implements Generator<Uint8Array, undefined> {
  /** Made at the first chunk asked for, so that bad options reject the iteration, as with a generator. */
  private w: ChunkWriter | undefined;
  /** The source when it is an array (read by index), else its iterator. */
  private readonly list: readonly MetricFamily[] | undefined;
  private readonly source: Iterator<MetricFamily> | undefined;
  private i = 0;
  /** Chunks cut and not yet taken, from index {@link qi}. */
  private queue: readonly Uint8Array[] = NONE;
  private qi = 0;
  private ended = false;

  constructor(
    families: Iterable<MetricFamily>,
    private readonly options: SerializeIterOptions,
    private readonly chunkSize: number,
  ) {
    if (Array.isArray(families)) this.list = families as readonly MetricFamily[];
    else this.source = families[Symbol.iterator]();
  }

  next(): IteratorResult<Uint8Array, undefined> {
    for (;;) {
      if (this.qi < this.queue.length) return { value: this.queue[this.qi++], done: false };
      if (this.ended) return DONE;
      this.fill();
    }
  }

  /** Renders families until a chunk is full or the source ends; on an error, ends the iteration. */
  private fill(): void {
    this.qi = 0;
    let f: MetricFamily | undefined;
    try {
      this.w ??= new ChunkWriter(this.options.format, this.chunkSize, this.options.openMetrics);
      f = this.nextFamily();
    } catch (e) {
      this.ended = true;
      throw e;
    }
    if (f === undefined) {
      this.ended = true;
      this.queue = this.w.end();
      return;
    }
    try {
      this.queue = this.w.family(f);
    } catch (e) {
      this.close();
      throw e;
    }
  }

  private nextFamily(): MetricFamily | undefined {
    const list = this.list;
    if (list !== undefined) return this.i < list.length ? list[this.i++] : undefined;
    const r = (this.source as Iterator<MetricFamily>).next();
    return r.done === true ? undefined : r.value;
  }

  /** Ends the iteration and closes the source, as leaving a `for…of` over it does. */
  private close(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue = NONE;
    this.source?.return?.();
  }

  return(): IteratorResult<Uint8Array, undefined> {
    this.close();
    return DONE;
  }

  throw(e: unknown): IteratorResult<Uint8Array, undefined> {
    this.close();
    throw e;
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/** The chunks of an asynchronous source. */
async function* rawAsync(families: AsyncIterable<MetricFamily>, options: SerializeIterOptions, chunkSize: number) {
  const w = new ChunkWriter(options.format, chunkSize, options.openMetrics);
  for await (const f of families) {
    const chunks = w.family(f);
    for (let i = 0; i < chunks.length; i++) yield chunks[i];
  }
  const rest = w.end();
  for (let i = 0; i < rest.length; i++) yield rest[i];
}

/**
 * A synchronous generator seen as an asynchronous one: each step is a
 * settled promise. An async generator would add its own queue and an await
 * per chunk, which is most of the cost of a short output.
 */
class AsyncOverSync<T> implements AsyncGenerator<T, undefined> {
  constructor(private readonly it: Generator<T, undefined>) {}

  next(): Promise<IteratorResult<T, undefined>> {
    try {
      return Promise.resolve(this.it.next());
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  return(value?: undefined | PromiseLike<undefined>): Promise<IteratorResult<T, undefined>> {
    void value;
    try {
      return Promise.resolve(this.it.return(undefined));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  throw(e: unknown): Promise<IteratorResult<T, undefined>> {
    try {
      return Promise.resolve(this.it.throw(e));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * Serializes families chunk by chunk: the bytes are exactly those of
 * {@link serializeText}, {@link serializeOpenMetrics} or {@link encodeProtobuf}
 * (optionally gzipped), cut into chunks of at most `chunkSize` bytes, so a
 * large exposition is never held as one string. Families may come from a
 * sync or async iterable and are written in that order; each family is
 * rendered only when the consumer asks for more (a huge family is
 * rendered whole before its chunks are yielded; its chunks still respect the bound). Every yielded chunk is a
 * new buffer the consumer owns. A {@link SerializeError} is thrown from the
 * iteration at the family that causes it, after the chunks before it.
 */
export function serializeIter(families: Families, options: SerializeIterOptions): AsyncGenerator<Uint8Array> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const source = rawChunks(families, options, chunkSize);
  if (options.gzip) return gzipped(source, chunkSize, options.gzip);
  // Without gzip the chunks come straight from the chunker: no generator between them and the consumer.
  return Symbol.asyncIterator in source ? source : new AsyncOverSync(source);
}

/** The chunks without gzip: cut synchronously when the families are a synchronous iterable. */
function rawChunks(
  families: Families,
  options: SerializeIterOptions,
  chunkSize: number,
): Generator<Uint8Array, undefined> | AsyncGenerator<Uint8Array> {
  return Symbol.iterator in families
    ? new SyncChunks(families as Iterable<MetricFamily>, options, chunkSize)
    : rawAsync(families, options, chunkSize);
}

/** The bytes of `source`, gzipped, in chunks of at most `chunkSize` bytes. */
async function* gzipped(
  source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  chunkSize: number,
  gzip: true | number,
) {
  const level = typeof gzip === 'number' ? gzip : undefined;
  const gz = createGzip(level === undefined ? { chunkSize } : { chunkSize, level });
  pipeline(Readable.from(source, { objectMode: false }), gz, () => {});
  for await (const chunk of gz) yield chunk as Uint8Array;
}

/**
 * Serializes families into one buffer, synchronously: the bytes
 * {@link serializeIter} yields without gzip (with `sortByName` of the
 * OpenMetrics options applied). Unlike the string serializers, it writes HELP
 * bytes that are not UTF-8 as they were read (`MetricFamily.helpBytes`).
 * Throws a {@link SerializeError} as they do.
 */
export function serializeToBytes(
  families: readonly MetricFamily[],
  format: SerializeFormat,
  options: { sortByName?: boolean; openMetrics?: OpenMetricsOptions } = {},
): Uint8Array {
  const sorted = options.sortByName ? sortFamiliesByName(families) : families;
  const r = rendererFor(format, options.openMetrics);
  return r === undefined ? encodeProtobuf(sorted) : renderAllBytes(sorted, r);
}

/**
 * {@link serializeIter} as a Node `Readable` of byte chunks (not object mode),
 * for `stream.pipeline(serializeStream(families, opts), res)`. Errors,
 * including {@link SerializeError}, destroy the stream with that error.
 */
export function serializeStream(families: Families, options: SerializeIterOptions): Readable {
  if (options.gzip) return Readable.from(serializeIter(families, options), { objectMode: false });
  // Without gzip the stream reads the chunks straight from the chunker.
  const source = rawChunks(families, options, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  return Symbol.asyncIterator in source ? Readable.from(source, { objectMode: false }) : new ChunkStream(source);
}

/**
 * The chunks of a synchronous source as a byte stream: each `_read` cuts and pushes the next
 * chunk, and an error destroys the stream with it. `Readable.from` would take each chunk through
 * an async step and close the source through a chain of promises, several times the cost of
 * writing a short output.
 */
class ChunkStream extends Readable {
  constructor(private readonly chunks: Generator<Uint8Array, undefined>) {
    // One chunk buffered at a time, as `Readable.from` keeps it: a reader then gets the chunks as
    // they were cut (of at most `chunkSize` bytes), never several joined.
    super({ highWaterMark: 1 });
  }

  override _read(): void {
    try {
      for (;;) {
        const r = this.chunks.next();
        if (r.done === true) {
          this.push(null);
          return;
        }
        if (!this.push(r.value)) return;
      }
    } catch (e) {
      this.destroy(e as Error);
    }
  }

  /** Closes the source (a consumer that stops early leaves it unfinished), then lets the stream go. */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    try {
      this.chunks.return(undefined);
    } catch (e) {
      callback((error ?? e) as Error);
      return;
    }
    callback(error);
  }
}
