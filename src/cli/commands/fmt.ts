import { ParseError } from '../../errors/parse-error.js';
import type { MetricFamily, MetricType } from '../../model/types.js';
import { parse } from '../../parse/parse.js';
import { OPENMETRICS_FULL, OpenMetricsRenderer } from '../../serialize/openmetrics.js';
import { TextRenderer } from '../../serialize/text.js';
import { renderAllBytes, sortFamiliesByName } from '../../serialize/renderer.js';
import { SerializeError } from '../../serialize/serialize-error.js';
import { choiceOption, flag, parseCommandLine, readCommandInput, singleInput, withUsageErrors } from '../args.js';
import { INPUT_FORMAT_HELP, INPUT_FORMAT_OPTION, inputFormatChoice, resolveInputFormat } from '../input-format.js';
import type { CliIO } from '../io.js';
import { formatParseError } from '../report.js';
import { Char } from '../../model/chars.js';

const HELP = `usage: promkit fmt [--format text|openmetrics|protobuf] [--input-format text|openmetrics|auto]
                  [--keep-order] [--check] [FILE|-]

Parses an exposition and writes it again, byte for byte as the reference
serializer (Go expfmt 0.39) writes it: families sorted by name, labels as
written, HELP/TYPE for every family, _sum/_count and the +Inf bucket always
present, floats in their shortest spelling. OpenMetrics input keeps every
type, unit, _created sample and exemplar when written as OpenMetrics (its
default); a type text 0.0.4 or protobuf cannot express is refused, never
dropped. Reads standard input without FILE or with -.
  --format F              output format: text, openmetrics, protobuf (delimited);
                          default: the input's format
${INPUT_FORMAT_HELP}
  --keep-order            keep the families in input order instead of sorting them by name
  --check                 write nothing; exit 1 with a short report when FILE is not already formatted
Exit status: 0 ok (or already formatted), 1 parse or serialize error (or not formatted), 2 usage error.
`;

type Format = 'text' | 'openmetrics' | 'protobuf';

/** Splits bytes into lines (without LF) for the report of `--check`. */
function lines(b: Uint8Array): Buffer[] {
  const out: Buffer[] = [];
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === Char.LF) {
      out.push(buf.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < buf.length) out.push(buf.subarray(start));
  return out;
}

function show(line: Buffer | undefined): string {
  if (line === undefined) return '(end of file)';
  const s = JSON.stringify(line.toString('utf8'));
  return s.length > 120 ? s.slice(0, 117) + '…' : s;
}

/** A short report of how `input` differs from `formatted`: the first differing line and counts. */
function diffSummary(name: string, input: Uint8Array, formatted: Uint8Array, format: Format): string {
  if (format === 'protobuf') {
    let i = 0;
    while (i < input.length && i < formatted.length && input[i] === formatted[i]) i++;
    return `${name}: not formatted: first difference at byte ${i} (input ${input.length} bytes, formatted ${formatted.length} bytes)\n`;
  }
  const a = lines(input);
  const b = lines(formatted);
  let first = -1;
  let differing = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const same = a[i] !== undefined && b[i] !== undefined && a[i].equals(b[i]);
    if (!same) {
      differing++;
      if (first < 0) first = i;
    }
  }
  if (first < 0) first = Math.min(a.length, b.length); // only the final LF differs
  return (
    `${name}:${first + 1}: not formatted (input ${a.length} lines, formatted ${b.length} lines, ${differing} lines differ)\n` +
    `  - ${show(a[first])}\n` +
    `  + ${show(b[first])}\n`
  );
}

/** Types each output format can write; an OpenMetrics family of another type is refused, not dropped. */
const WRITABLE: Record<'text' | 'protobuf', ReadonlySet<MetricType>> = {
  text: new Set(['counter', 'gauge', 'summary', 'histogram', 'untyped', 'unknown']),
  protobuf: new Set(['counter', 'gauge', 'summary', 'histogram', 'untyped', 'unknown', 'gaugehistogram']),
};

/** Why OpenMetrics families cannot be written as `format` without losing their type, or `undefined`. */
function typeRefusal(families: readonly MetricFamily[], format: 'text' | 'protobuf'): string | undefined {
  const f = families.find((f) => !WRITABLE[format].has(f.type));
  if (f === undefined) return undefined;
  const target = format === 'text' ? 'text format 0.0.4' : 'protobuf';
  return `family ${JSON.stringify(f.name)} is of OpenMetrics type ${f.type}, which ${target} cannot express; write it with --format openmetrics`;
}

/** What text format 0.0.4 has no place for in OpenMetrics families (units, `_created` samples, exemplars), in words. */
function textLosses(families: readonly MetricFamily[]): string | undefined {
  let units = 0;
  let created = 0;
  let exemplars = 0;
  for (const f of families) {
    if (f.unit !== undefined && f.unit !== '') units++;
    for (const m of f.metrics) {
      if (m.createdTimestamp !== undefined) created++;
      if (m.exemplar !== undefined) exemplars++;
      for (const b of m.histogram?.buckets ?? []) if (b.exemplar !== undefined) exemplars++;
    }
  }
  const parts: string[] = [];
  if (units > 0) parts.push(`${units} unit${units === 1 ? '' : 's'}`);
  if (created > 0) parts.push(`${created} _created sample${created === 1 ? '' : 's'}`);
  if (exemplars > 0) parts.push(`${exemplars} exemplar${exemplars === 1 ? '' : 's'}`);
  return parts.length === 0 ? undefined : parts.join(', ');
}

/** `promkit fmt`: parse a file or standard input and write it as the reference serializer does. */
export function fmtCommand(argv: string[], io: CliIO): Promise<number> {
  return withUsageErrors(io, 'fmt', async () => {
    const args = parseCommandLine(argv, {
      format: { type: 'string' },
      'keep-order': { type: 'boolean' },
      check: { type: 'boolean' },
      ...INPUT_FORMAT_OPTION,
    });
    if (args.help) {
      io.stdout(HELP);
      return 0;
    }
    const formatChoice = choiceOption<Format | 'input'>(args, 'format', ['text', 'openmetrics', 'protobuf'], 'input');
    const inputFormat = inputFormatChoice(args);
    const check = flag(args, 'check');
    const sortByName = !flag(args, 'keep-order');
    const file = singleInput(args);
    const name = file === '-' ? '<stdin>' : file;
    const input = await readCommandInput(io, file);
    const parser = resolveInputFormat(input, inputFormat);
    const format: Format = formatChoice === 'input' ? parser : formatChoice;
    let families: MetricFamily[];
    try {
      families = parse(input, { format: parser });
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      io.stderr(formatParseError(name, e, false));
      return 1;
    }
    if (parser === 'openmetrics' && format !== 'openmetrics') {
      const refusal = typeRefusal(families, format);
      if (refusal !== undefined) {
        io.stderr(`${name}: ${refusal}\n`);
        return 1;
      }
      const lost = format === 'text' ? textLosses(families) : undefined;
      if (lost !== undefined)
        io.stderr(
          `${name}: note: text format 0.0.4 has no place for ${lost}; left out (--format openmetrics keeps them)\n`,
        );
    }
    let output: Uint8Array;
    try {
      if (format === 'protobuf') {
        // Loaded here so that text output does not load the protobuf runtime.
        const { encodeProtobuf } = await import('../../serialize/protobuf.js');
        output = encodeProtobuf(sortByName ? sortFamiliesByName(families) : families);
      } else {
        // Bytes, not a string: HELP that is not UTF-8 is written as it was read.
        const sorted = sortByName ? sortFamiliesByName(families) : families;
        output = renderAllBytes(
          sorted,
          format === 'text'
            ? new TextRenderer()
            : // OpenMetrics input is written back whole; text input as expfmt writes OpenMetrics.
              new OpenMetricsRenderer(parser === 'openmetrics' ? OPENMETRICS_FULL : {}),
        );
      }
    } catch (e) {
      if (!(e instanceof SerializeError)) throw e;
      io.stderr(`${name}: ${e.message}\n`);
      return 1;
    }
    if (check) {
      if (Buffer.from(input.buffer, input.byteOffset, input.byteLength).equals(output)) return 0;
      io.stderr(diffSummary(name, input, output, format));
      return 1;
    }
    if (io.stdoutBytes) io.stdoutBytes(output);
    else
      io.stdout(format === 'protobuf' ? Buffer.from(output).toString('latin1') : Buffer.from(output).toString('utf8'));
    return 0;
  });
}
