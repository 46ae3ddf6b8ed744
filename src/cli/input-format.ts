import { inputFormatOf, type InputFormat } from '../parse/detect.js';
import { choiceOption, type OptionSpec, type ParsedArgs } from './args.js';

/** The `--input-format` option, the same for every command that reads an exposition. */
export const INPUT_FORMAT_OPTION: Record<string, OptionSpec> = { 'input-format': { type: 'string' } };

/** Its usage lines (aligned for the help texts). */
export const INPUT_FORMAT_HELP = `  --input-format F        text (0.0.4), openmetrics, or auto (default): OpenMetrics
                          when the last line is "# EOF", text otherwise`;

/** The `--input-format` given, `auto` when absent. */
export function inputFormatChoice(args: ParsedArgs): InputFormat {
  return choiceOption(args, 'input-format', ['text', 'openmetrics', 'auto'], 'auto');
}

/** The parser to use for `input`: `auto` decides by content (the last line `# EOF` means OpenMetrics). */
export function resolveInputFormat(input: Uint8Array, choice: InputFormat): 'text' | 'openmetrics' {
  return inputFormatOf(input, choice);
}
