import { ParseError } from '../../errors/parse-error.js';
import type { MetricFamily } from '../../model/types.js';
import { check, parse } from '../../parse/parse.js';
import { createParser } from '../../parse/create-parser.js';
import type { InputFormat } from '../../parse/detect.js';
import { flag, parseCommandLine, readCommandInput, singleInput, UsageError, withUsageErrors } from '../args.js';
import { canonicalError, canonicalJson } from '../canonical-json.js';
import { INPUT_FORMAT_HELP, INPUT_FORMAT_OPTION, inputFormatChoice, resolveInputFormat } from '../input-format.js';
import type { CliIO } from '../io.js';
import { formatParseError, summarize } from '../report.js';

const HELP = `usage: promkit parse [--json | --check] [--input-format text|openmetrics|auto] [FILE|-]

Parses a text-format 0.0.4 exposition exactly as the reference parser does,
or an OpenMetrics 1.0 exposition. Reads standard input without FILE or with -.
  --json                  print the canonical JSON of expfmt-oracle (families sorted by name)
  --check                 only check: the same verdict and error, no families built and
                          nothing printed on success; with --input-format text the input
                          is read as a stream in bounded memory
${INPUT_FORMAT_HELP}
Exit status: 0 accepted, 1 rejected, 2 usage error.
`;

/** `promkit parse`: parse a file or standard input and print a summary or canonical JSON. */
export function parseCommand(argv: string[], io: CliIO): Promise<number> {
  return withUsageErrors(io, 'parse', async () => {
    const args = parseCommandLine(argv, {
      json: { type: 'boolean' },
      check: { type: 'boolean' },
      ...INPUT_FORMAT_OPTION,
    });
    if (args.help) {
      io.stdout(HELP);
      return 0;
    }
    const json = flag(args, 'json');
    const inputFormat = inputFormatChoice(args);
    const file = singleInput(args);
    if (flag(args, 'check')) {
      if (json) throw new UsageError('--check and --json exclude each other');
      const error = await checkInput(io, file, inputFormat);
      if (error === undefined) return 0;
      io.stderr(formatParseError(file === '-' ? '<stdin>' : file, error, io.isTTY));
      return 1;
    }
    const input = await readCommandInput(io, file);
    let families: MetricFamily[];
    try {
      families = parse(input, { format: resolveInputFormat(input, inputFormat) });
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      if (json) io.stdout(canonicalError(e) + '\n');
      else io.stderr(formatParseError(file === '-' ? '<stdin>' : file, e, io.isTTY));
      return 1;
    }
    io.stdout(json ? canonicalJson(families) + '\n' : summarize(families));
    return 0;
  });
}

/**
 * `--check`: the parser's validate-only mode. With an explicit format the input is fed chunk by
 * chunk; `auto` needs the whole input (its last line) to choose the format.
 */
async function checkInput(io: CliIO, file: string, choice: InputFormat): Promise<ParseError | undefined> {
  if (choice === 'auto' || io.readInputChunks === undefined) {
    const input = await readCommandInput(io, file);
    return check(input, { format: resolveInputFormat(input, choice) });
  }
  const parser = createParser({ format: choice, validateOnly: true });
  try {
    let chunks: AsyncIterable<Uint8Array>;
    try {
      chunks = io.readInputChunks(file);
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    for await (const chunk of chunks) parser.feed(chunk);
    parser.end();
  } catch (e) {
    if (e instanceof ParseError) return e;
    if (e instanceof UsageError) throw e;
    if ((e as NodeJS.ErrnoException).code !== undefined)
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    throw e;
  }
  return undefined;
}
