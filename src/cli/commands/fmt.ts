import { ParseError } from '../../errors/parse-error.js';
import type { MetricFamily } from '../../model/types.js';
import { parse } from '../../parse/parse.js';
import { serializeOpenMetrics } from '../../serialize/openmetrics.js';
import { serializeText } from '../../serialize/text.js';
import { sortFamiliesByName } from '../../serialize/renderer.js';
import { SerializeError } from '../../serialize/serialize-error.js';
import { EXIT_USAGE, type CliIO } from '../io.js';
import { formatParseError } from '../report.js';
import { Char } from '../../model/chars.js';

const HELP = `usage: promkit fmt [--format text|openmetrics|protobuf] [--keep-order] [--check] [FILE|-]

Parses a text-format 0.0.4 exposition and writes it again, byte for byte as
the reference serializer (Go expfmt 0.39) writes it: families sorted by name,
labels as written, HELP/TYPE for every family, _sum/_count and the +Inf bucket
always present, floats in their shortest spelling.
  --format F     output format: text (default), openmetrics, protobuf (delimited)
  --keep-order   keep the families in input order instead of sorting them by name
  --check        write nothing; exit 1 with a short report when FILE is not already formatted
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

/** `promkit fmt`: parse a file or standard input and write it as the reference serializer does. */
export async function fmtCommand(argv: string[], io: CliIO): Promise<number> {
  let format: Format = 'text';
  let keepOrder = false;
  let check = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      io.stdout(HELP);
      return 0;
    } else if (arg === '--keep-order') keepOrder = true;
    else if (arg === '--check') check = true;
    else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? argv[++i] : arg.slice('--format='.length);
      if (value !== 'text' && value !== 'openmetrics' && value !== 'protobuf') {
        io.stderr(
          `promkit fmt: --format must be text, openmetrics or protobuf, got ${value === undefined ? 'nothing' : JSON.stringify(value)}\n${HELP}`,
        );
        return EXIT_USAGE;
      }
      format = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      io.stderr(`promkit fmt: unknown option ${arg}\n${HELP}`);
      return EXIT_USAGE;
    } else files.push(arg);
  }
  if (files.length > 1) {
    io.stderr(`promkit fmt: one input at a time\n${HELP}`);
    return EXIT_USAGE;
  }
  const file = files[0] ?? '-';
  const name = file === '-' ? '<stdin>' : file;
  let input: Uint8Array;
  try {
    input = await io.readInput(file);
  } catch (e) {
    io.stderr(`promkit fmt: cannot read ${file}: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  let families: MetricFamily[];
  try {
    families = parse(input);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    io.stderr(formatParseError(name, e, false));
    return 1;
  }
  const sortByName = !keepOrder;
  let output: Uint8Array;
  try {
    if (format === 'protobuf') {
      // Loaded here so that text output does not load the protobuf runtime.
      const { encodeProtobuf } = await import('../../serialize/protobuf.js');
      output = encodeProtobuf(sortByName ? sortFamiliesByName(families) : families);
    } else {
      const text =
        format === 'text' ? serializeText(families, { sortByName }) : serializeOpenMetrics(families, { sortByName });
      output = Buffer.from(text, 'utf8');
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
  else io.stdout(format === 'protobuf' ? Buffer.from(output).toString('latin1') : Buffer.from(output).toString('utf8'));
  return 0;
}
