import { ParseError } from '../../errors/parse-error.js';
import type { MetricFamily } from '../../model/types.js';
import { parse } from '../../parse/parse.js';
import { flag, parseCommandLine, readCommandInput, singleInput, withUsageErrors } from '../args.js';
import { canonicalError, canonicalJson } from '../canonical-json.js';
import { INPUT_FORMAT_HELP, INPUT_FORMAT_OPTION, inputFormatChoice, resolveInputFormat } from '../input-format.js';
import type { CliIO } from '../io.js';
import { formatParseError, summarize } from '../report.js';

const HELP = `usage: promkit parse [--json] [--input-format text|openmetrics|auto] [FILE|-]

Parses a text-format 0.0.4 exposition exactly as the reference parser does,
or an OpenMetrics 1.0 exposition. Reads standard input without FILE or with -.
  --json                  print the canonical JSON of expfmt-oracle (families sorted by name)
${INPUT_FORMAT_HELP}
Exit status: 0 accepted, 1 rejected, 2 usage error.
`;

/** `promkit parse`: parse a file or standard input and print a summary or canonical JSON. */
export function parseCommand(argv: string[], io: CliIO): Promise<number> {
  return withUsageErrors(io, 'parse', async () => {
    const args = parseCommandLine(argv, { json: { type: 'boolean' }, ...INPUT_FORMAT_OPTION });
    if (args.help) {
      io.stdout(HELP);
      return 0;
    }
    const json = flag(args, 'json');
    const inputFormat = inputFormatChoice(args);
    const file = singleInput(args);
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
