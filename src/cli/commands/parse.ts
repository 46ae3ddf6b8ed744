import { ParseError } from '../../errors/parse-error.js';
import type { MetricFamily } from '../../model/types.js';
import { formatFromContent } from '../../parse/detect.js';
import { parse } from '../../parse/parse.js';
import { canonicalError, canonicalJson } from '../canonical-json.js';
import { EXIT_USAGE, type CliIO } from '../io.js';
import { formatParseError, summarize } from '../report.js';

const HELP = `usage: promkit parse [--json] [--input-format text|openmetrics|auto] [FILE|-]

Parses a text-format 0.0.4 exposition exactly as the reference parser does,
or an OpenMetrics 1.0 exposition.
  --json                  print the canonical JSON of expfmt-oracle (families sorted by name)
  --input-format FORMAT   text (default), openmetrics, or auto: openmetrics when
                          the last line is "# EOF", text otherwise
Exit status: 0 accepted, 1 rejected, 2 usage error.
`;

/** `promkit parse`: parse a file or standard input and print a summary or canonical JSON. */
export async function parseCommand(argv: string[], io: CliIO): Promise<number> {
  let json = false;
  let inputFormat: 'text' | 'openmetrics' | 'auto' = 'text';
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg === '--input-format' || arg.startsWith('--input-format=')) {
      const value = arg === '--input-format' ? argv[++i] : arg.slice('--input-format='.length);
      if (value !== 'text' && value !== 'openmetrics' && value !== 'auto') {
        io.stderr(`promkit parse: --input-format takes text, openmetrics or auto\n${HELP}`);
        return EXIT_USAGE;
      }
      inputFormat = value;
    } else if (arg === '--help' || arg === '-h') {
      io.stdout(HELP);
      return 0;
    } else if (arg.startsWith('-') && arg !== '-') {
      io.stderr(`promkit parse: unknown option ${arg}\n${HELP}`);
      return EXIT_USAGE;
    } else files.push(arg);
  }
  if (files.length > 1) {
    io.stderr(`promkit parse: one input at a time\n${HELP}`);
    return EXIT_USAGE;
  }
  const file = files[0] ?? '-';
  let input: Uint8Array;
  try {
    input = await io.readInput(file);
  } catch (e) {
    io.stderr(`promkit parse: cannot read ${file}: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  let families: MetricFamily[];
  try {
    const format =
      inputFormat === 'auto' ? (formatFromContent(input) === 'openmetrics' ? 'openmetrics' : 'text') : inputFormat;
    families = parse(input, { format });
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    if (json) io.stdout(canonicalError(e) + '\n');
    else io.stderr(formatParseError(file === '-' ? '<stdin>' : file, e, io.isTTY));
    return 1;
  }
  io.stdout(json ? canonicalJson(families) + '\n' : summarize(families));
  return 0;
}
