import { parseArgs } from 'node:util';
import { EXIT_USAGE, type CliIO } from './io.js';

/** A command-line mistake: printed as `promkit <command>: <message>` with a hint to `--help`, exit 2. */
export class UsageError extends Error {}

/** How one option is read: a flag (`boolean`) or an option with a value (`string`), repeatable with `multiple`. */
export interface OptionSpec {
  type: 'boolean' | 'string';
  multiple?: boolean;
  short?: string;
}

/** The options of a command line after parsing, and its positional arguments. */
export interface ParsedArgs {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  positionals: string[];
  /** `--help` or `-h` was given. */
  help: boolean;
}

/** The message of a `node:util` `parseArgs` error in the words every command uses. */
export function argsErrorMessage(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const option = /'(-[^' ]+)/.exec(err.message ?? '')?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(err.message ?? '')) return `${option} takes no value`;
      if (/ambiguous/.test(err.message ?? ''))
        return `${option} needs a value (write ${option}=VALUE for one starting with "-")`;
      return `${option} needs a value`;
    default:
      return err.message ?? String(e);
  }
}

/**
 * Parses a command's arguments with `node:util` `parseArgs` (strict, positionals
 * allowed, `--help`/`-h` added). Values are given as `--name VALUE` or
 * `--name=VALUE`. Throws {@link UsageError} for unknown options and missing values.
 */
export function parseCommandLine(argv: readonly string[], options: Record<string, OptionSpec>): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals, help: values.help === true };
  } catch (e) {
    if (e instanceof TypeError) throw new UsageError(argsErrorMessage(e));
    throw e;
  }
}

/** The value of a string option (the last one when repeated), or `undefined`. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  if (Array.isArray(v)) return v.length === 0 ? undefined : String(v[v.length - 1]);
  return typeof v === 'string' ? v : undefined;
}

/** Every value of a repeatable string option, in order. */
export function stringList(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** Whether a flag was given. */
export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** A value that must be one of `choices`, or `fallback` when the option is absent. */
export function choiceOption<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const v = stringOption(args, name);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v)) {
    const list =
      choices.length === 2 ? choices.join(' or ') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
    throw new UsageError(`--${name} must be ${list}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

/** At most one input (FILE or `-` for standard input; `-` when none is given). */
export function singleInput(args: ParsedArgs): string {
  if (args.positionals.length > 1) throw new UsageError('one input at a time');
  return args.positionals[0] ?? '-';
}

/**
 * Prints a usage error in the one style of every command and returns the exit code 2:
 * `promkit <command>: <message>`, then `Run 'promkit <command> --help' for usage.`
 */
export function reportUsageError(io: CliIO, command: string, message: string): number {
  io.stderr(`promkit ${command}: ${message}\nRun 'promkit ${command} --help' for usage.\n`);
  return EXIT_USAGE;
}

/**
 * Runs a command body and turns a {@link UsageError} it throws into
 * {@link reportUsageError}; other errors propagate.
 */
export async function withUsageErrors(io: CliIO, command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError) return reportUsageError(io, command, e.message);
    throw e;
  }
}

/** Reads one input for a command; an unreadable input is a {@link UsageError}. */
export async function readCommandInput(io: CliIO, path: string): Promise<Uint8Array> {
  try {
    return await io.readInput(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
}
