import { canonicalJson } from '../../src/cli/canonical-json.js';
import { ParseError } from '../../src/errors/parse-error.js';
import { parse } from '../../src/parse/index.js';
import type { ParseOptions } from '../../src/parse/options.js';

/** Our outcome for an input in the oracle's terms: `{families}` (the parsed canonical JSON object) or `{error, line, msg}`. */
export function ourOutcome(input: string | Uint8Array, options: ParseOptions = {}): unknown {
  try {
    return JSON.parse(canonicalJson(parse(input, options)));
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return { error: e.message, line: e.line, msg: e.msg };
  }
}

/** The oracle's outcome reduced to what {@link ourOutcome} reports. */
export function oracleOutcome(result: unknown): unknown {
  const r = result as { error?: string; line?: number; msg?: string; families?: unknown[] };
  if (r.error !== undefined) return { error: r.error, line: r.line, msg: r.msg };
  return { families: r.families ?? [] };
}

/** A parse error whole: code, position, message and excerpt. */
export function wholeError(e: ParseError): unknown {
  const { code, line, column, offset, msg, lineText, caret } = e;
  return { code, line, column, offset, msg, text: lineText, caret };
}

/** `{families: run()}`, or the {@link wholeError} of the parse error `run` throws. */
export function familiesOrError(run: () => unknown): unknown {
  try {
    return { families: run() };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return wholeError(e);
  }
}
