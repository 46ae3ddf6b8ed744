import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isDeepStrictEqual } from 'node:util';
import { lexChunk } from '../../grammar/text/lexer.js';
import type { FastCursor, FastLabelSet } from '../../grammar/common/fast-labels.js';
import { readFastLines, textLabelReader, type FastSink } from '../../grammar/text/fast-lines.js';
import type { CommentPayload } from '../../grammar/text/records.js';
import { setScanMode } from '../../grammar/common/scan-context.js';
import type { MetricFamily } from '../model/types.js';
import { Assembler } from '../parse/assemble.js';
import { LineSplitter } from '../parse/line-splitter.js';
import { Locator } from '../parse/locate.js';
import { check, parse } from '../parse/index.js';
import { serializeIter, serializeStream, serializeText, sortFamiliesByName } from '../serialize/index.js';
import { lint } from '../validate/index.js';
import type { PayloadInput, StageCase, StageDef } from './stage.js';
import { parseOpenMetricsStage } from './openmetrics-stage.js';
import { resultBuilder } from './result-floor.js';

/** The parser's default piece size (ParseOptions.chunkSize): stages that work per piece cut the same pieces. */
const PIECE_SIZE = 65536;

/**
 * Cuts byte input the way the parser's string readers see it: a latin1 string (one char per byte)
 * in line-aligned pieces of about {@link PIECE_SIZE} chars (`parse(bytes)` decodes so only the
 * lines its byte reader leaves, or all under a line-length or series limit). Returns new strings.
 */
function pieces(bytes: Uint8Array): string[] {
  const out: string[] = [];
  const splitter = new LineSplitter(PIECE_SIZE, (p) => out.push(p));
  splitter.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
  const rest = splitter.rest();
  if (rest !== '') out.push(rest);
  return out;
}

/** Families and metrics of a parse result; throws when it cannot be the payload's. */
function familyCounts(series: number): (result: unknown) => Record<string, number> {
  return (result) => {
    if (!Array.isArray(result) || result.length === 0) throw new Error('no families in the result');
    let metrics = 0;
    for (const f of result as MetricFamily[]) metrics += f.metrics.length;
    if (metrics === 0 || metrics > series) throw new Error(`${metrics} metrics for ${series} sample lines`);
    return { families: result.length, metrics };
  };
}

interface RecordedSample {
  name: string;
  labels: FastLabelSet;
  value: number;
  timestampMs: number | undefined;
  rel: number;
  line: number;
}

interface RecordedPiece {
  text: string;
  base: number;
  line: number;
  /** Samples and comments in input order. */
  calls: Array<RecordedSample | CommentPayload>;
}

/**
 * Reads every piece with the fast reader, skipping the lines it leaves to the grammar. Each sample
 * and comment goes to `sink`; returns the number of lines left to the grammar.
 */
function scanPieces(
  texts: readonly string[],
  sink: FastSink,
  onPiece?: (text: string, base: number, line: number) => void,
): number {
  const labelReader = textLabelReader(Infinity);
  let left = 0;
  let base = 0;
  let line = 1;
  for (const text of texts) {
    onPiece?.(text, base, line);
    const cursor: FastCursor = { offset: 0, line };
    while (cursor.offset < text.length) {
      readFastLines(text, cursor, sink, true, labelReader);
      if (cursor.offset >= text.length) break;
      left++;
      const lf = text.indexOf('\n', cursor.offset);
      cursor.offset = lf < 0 ? text.length : lf + 1;
      cursor.line++;
    }
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++;
    base += text.length;
  }
  return left;
}

const lexStage: StageDef = {
  id: 'lex',
  stage: 'lex',
  tool: 'promkit',
  goTool: 'go-expfmt-parse',
  summary: 'the Chevrotain lexer (lexChunk) over the line-aligned 64 KB pieces parse(bytes) cuts; no families',
  async prepare({ bytes }: PayloadInput): Promise<StageCase> {
    const texts = pieces(bytes);
    return {
      fn: () => {
        setScanMode(true);
        let tokens = 0;
        for (const t of texts) tokens += lexChunk(t).tokens.length;
        return tokens;
      },
      check: () => {
        setScanMode(true);
        let tokens = 0;
        let errors = 0;
        for (const t of texts) {
          const r = lexChunk(t);
          tokens += r.tokens.length;
          errors += r.errors.length;
        }
        if (tokens === 0) throw new Error('the lexer returned no tokens');
        return { tokens, lexErrors: errors };
      },
    };
  },
};

const scanStage: StageDef = {
  id: 'scan',
  stage: 'scan',
  tool: 'promkit',
  goTool: 'go-expfmt-parse',
  summary: 'the fast line reader (readFastLines) over the same pieces, values parsed, results dropped; no families',
  async prepare({ bytes }: PayloadInput): Promise<StageCase> {
    const texts = pieces(bytes);
    let samples = 0;
    let comments = 0;
    const sink: FastSink = {
      fastSample: () => {
        samples++;
        return true;
      },
      comment: () => {
        comments++;
      },
    };
    return {
      fn: () => {
        setScanMode(true);
        samples = 0;
        scanPieces(texts, sink);
        return samples;
      },
      check: () => {
        setScanMode(true);
        samples = 0;
        comments = 0;
        const grammarLines = scanPieces(texts, sink);
        return { samples, comments, grammarLines };
      },
    };
  },
};

const assembleStage: StageDef = {
  id: 'assemble',
  stage: 'assemble',
  tool: 'promkit',
  goTool: 'go-expfmt-parse',
  summary: "the assembler alone: the fast reader's recorded lines replayed into a new Assembler (families built)",
  async prepare({ payload, bytes }: PayloadInput): Promise<StageCase> {
    const recorded: RecordedPiece[] = [];
    let current: RecordedPiece | undefined;
    const recorder: FastSink = {
      fastSample: (name, set, value, timestampMs, rel, line) => {
        // The reader's set changes with the next line: keep a copy.
        const labels = {
          count: set.count,
          names: set.names.slice(0, set.count),
          values: set.values.slice(0, set.count),
        };
        current?.calls.push({ name, labels, value, timestampMs, rel, line });
        return true;
      },
      comment: (p) => {
        current?.calls.push(p);
      },
    };
    setScanMode(true);
    const grammarLines = scanPieces(pieces(bytes), recorder, (text, base, line) => {
      current = { text, base, line, calls: [] };
      recorded.push(current);
    });
    const counts = familyCounts(payload.series);
    return {
      fn: () => {
        const locator = new Locator();
        const assembler = new Assembler(locator, {
          positions: false,
          maxSeries: Infinity,
          maxLabelsPerSeries: Infinity,
        });
        for (const piece of recorded) {
          locator.reset(piece.text, piece.base, piece.line);
          const calls = piece.calls;
          for (let i = 0; i < calls.length; i++) {
            const c = calls[i];
            if ('labels' in c) assembler.fastSample(c.name, c.labels, c.value, c.timestampMs, c.rel, c.line);
            else assembler.comment(c);
          }
        }
        return assembler.result();
      },
      check: (result) => ({ ...counts(result), grammarLines }),
    };
  },
};

const parseStage: StageDef = {
  id: 'parse',
  stage: 'parse',
  tool: 'promkit',
  goTool: 'go-expfmt-parse',
  summary: 'parse(bytes): the file as a Uint8Array in, MetricFamily[] out (what Go TextToMetricFamilies does)',
  async prepare({ payload, bytes }: PayloadInput): Promise<StageCase> {
    return { fn: () => parse(bytes), check: familyCounts(payload.series) };
  },
};

const parseStringStage: StageDef = {
  id: 'parse-string',
  stage: 'parse-string',
  tool: 'promkit',
  goTool: 'go-expfmt-parse',
  summary: 'parse(string): the file decoded as UTF-8 beforehand (not timed) in, MetricFamily[] out; MB/s of the file',
  async prepare({ payload, text }: PayloadInput): Promise<StageCase> {
    return { fn: () => parse(text), check: familyCounts(payload.series) };
  },
};

const validateOnlyStage: StageDef = {
  id: 'validate-only',
  stage: 'validate-only',
  tool: 'promkit',
  goTool: 'go-expfmt-parse',
  summary:
    "check(bytes): the parser's validate-only mode, the verdict and error of parse(bytes) without building families",
  async prepare({ bytes }: PayloadInput): Promise<StageCase> {
    return {
      // The harness wants a result: the verdict as a word.
      fn: () => (check(bytes) === undefined ? 'valid' : 'invalid'),
      check: (result) => {
        if (result !== 'valid') throw new Error('check refused the payload');
        return {};
      },
    };
  },
};

const resultFloorStage: StageDef = {
  id: 'result-floor',
  stage: 'result-floor',
  tool: 'promkit',
  summary:
    'the result of parse(bytes) built again with no parsing (same objects, shared labels, fresh strings): the least a parse returning it can take; no Go counterpart; after each run, it and parse(bytes) take turns for parse ÷ result floor',
  async prepare({ payload, bytes }: PayloadInput): Promise<StageCase> {
    const template = parse(bytes);
    const counts = familyCounts(payload.series);
    return {
      fn: resultBuilder(template),
      reference: { fn: () => parse(bytes) },
      check: (result) => {
        const figures = counts(result);
        if (!isDeepStrictEqual(result, template)) throw new Error('the result floor built another result');
        return figures;
      },
    };
  },
};

const lintStage: StageDef = {
  id: 'lint',
  stage: 'lint',
  tool: 'promkit',
  summary:
    'lint(families) with the default rules on families parsed with positions (parsing not timed); Go has no counterpart',
  async prepare({ bytes }: PayloadInput): Promise<StageCase> {
    const families = parse(bytes, { positions: true });
    return {
      fn: () => lint(families),
      check: (result) => {
        if (!Array.isArray(result)) throw new Error('lint returned no list');
        return { diagnostics: result.length };
      },
    };
  },
};

/**
 * The string floor of `serialize`: the same text made from its bytes, ready in a buffer (latin1
 * when they are all ASCII, the cheapest decoding). What is left is what returning a new string of
 * that size costs on this machine: for a large text, new memory the kernel maps page by page.
 */
function stringFloor(bytes: Buffer, ascii: boolean): () => string {
  const encoding = ascii ? 'latin1' : 'utf8';
  return () => {
    const out = bytes.toString(encoding);
    out.charCodeAt(0);
    return out;
  };
}

const serializeStage: StageDef = {
  id: 'serialize',
  stage: 'serialize',
  tool: 'promkit',
  goTool: 'go-expfmt-serialize',
  summary:
    'serializeText(families) on the parsed families sorted by name (as go-anchor times MetricFamilyToText), the string flattened; MB/s of the text written; after each run, it and the string floor take turns for serialize ÷ string floor',
  async prepare({ bytes }: PayloadInput) {
    const sorted = sortFamiliesByName(parse(bytes));
    let text: string;
    try {
      text = serializeText(sorted);
    } catch (e) {
      return { unavailable: `serializeText refuses this payload: ${e instanceof Error ? e.message : String(e)}` };
    }
    const written = Buffer.from(text, 'utf8');
    return {
      fn: () => {
        const out = serializeText(sorted);
        // Reading a character makes V8 flatten the string, as writing it anywhere would: count that work.
        out.charCodeAt(0);
        return out;
      },
      reference: { fn: stringFloor(written, written.length === text.length) },
      bytes: written.length,
      check: (result: unknown) => {
        if (typeof result !== 'string' || result.length === 0) throw new Error('serializeText wrote nothing');
        return { outputBytes: Buffer.byteLength(result) };
      },
    };
  },
};

/**
 * A stage that writes the sorted families in chunks through `write` (which returns the bytes it
 * saw), checked against the length of `serializeText`'s output. With `floor`, each run is followed
 * by rounds of it and `floor` taking turns, `floor` given the chunks `serializeIter` cuts.
 */
function chunkedSerializeStage(
  stage: 'serialize-iter' | 'serialize-stream',
  summary: string,
  write: (sorted: MetricFamily[]) => Promise<number>,
  floor?: (chunks: readonly Uint8Array[]) => Promise<number>,
): StageDef {
  return {
    id: stage,
    stage,
    tool: 'promkit',
    goTool: 'go-expfmt-serialize',
    summary,
    async prepare({ bytes }: PayloadInput) {
      const sorted = sortFamiliesByName(parse(bytes));
      let size: number;
      try {
        size = Buffer.byteLength(serializeText(sorted));
      } catch (e) {
        return { unavailable: `serializeText refuses this payload: ${e instanceof Error ? e.message : String(e)}` };
      }
      const chunks: Uint8Array[] = [];
      if (floor !== undefined) for await (const c of serializeIter(sorted, { format: 'text' })) chunks.push(c);
      return {
        async: true,
        fn: () => write(sorted),
        bytes: size,
        check: (result: unknown) => {
          if (result !== size) throw new Error(`${stage} wrote ${String(result)} bytes, serializeText ${size}`);
          return { outputBytes: size };
        },
        ...(floor === undefined ? {} : { reference: { async: true, fn: () => floor(chunks) } }),
      };
    },
  };
}

const serializeIterStage = chunkedSerializeStage(
  'serialize-iter',
  "serializeIter(families, { format: 'text' }) on the sorted families, every 64 KB chunk taken; MB/s of the bytes written",
  async (sorted) => {
    let written = 0;
    for await (const chunk of serializeIter(sorted, { format: 'text' })) written += chunk.length;
    return written;
  },
);

/** Pipes `source` into a writable that only counts the bytes (`stream/promises` `pipeline`); resolves to the count. */
async function pipedBytes(source: Readable): Promise<number> {
  let written = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      done();
    },
  });
  await pipeline(source, sink);
  return written;
}

/** A stream of chunks already made, pushed one a read: what any byte stream costs, with nothing to serialize. */
class ReadyChunks extends Readable {
  private i = 0;

  constructor(private readonly chunks: readonly Uint8Array[]) {
    super({ highWaterMark: 1 });
  }

  override _read(): void {
    this.push(this.i < this.chunks.length ? this.chunks[this.i++] : null);
  }
}

const serializeStreamStage = chunkedSerializeStage(
  'serialize-stream',
  "serializeStream(families, { format: 'text' }) on the sorted families, piped into a writable that counts the bytes; MB/s of the bytes written",
  (sorted) => pipedBytes(serializeStream(sorted, { format: 'text' })),
  (chunks) => pipedBytes(new ReadyChunks(chunks)),
);

/** promkit's own stages, in pipeline order. */
export const PROMKIT_STAGES: readonly StageDef[] = [
  lexStage,
  scanStage,
  assembleStage,
  parseStage,
  parseStringStage,
  validateOnlyStage,
  resultFloorStage,
  parseOpenMetricsStage,
  lintStage,
  serializeStage,
  serializeIterStage,
  serializeStreamStage,
];
