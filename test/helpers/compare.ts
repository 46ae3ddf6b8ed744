import { canonicalJson } from '../../src/cli/canonical-json.js';
import { ParseError } from '../../src/errors/parse-error.js';
import { parse } from '../../src/parse/index.js';
import type { ParseOptions } from '../../src/parse/options.js';

/**
 * Our outcome for an input in the oracle's terms: `{families}` (the parsed
 * canonical JSON object) or `{error, line, msg}`. `help_base64` is not
 * produced by us (help text is decoded), so callers drop it from the oracle's side.
 */
export function ourOutcome(input: string | Uint8Array, options: ParseOptions = {}): unknown {
  try {
    return normalizeIntegers(JSON.parse(canonicalJson(parse(input, options))));
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return { error: e.message, line: e.line, msg: e.msg };
  }
}

const TWO_53 = 2 ** 53;
const INT_KEYS = new Set(['timestamp_ms', 'sample_count', 'cumulative_count']);

/**
 * int64 timestamps and uint64 counts are doubles in the model: exact up to
 * 2^53, rounded to the nearest double beyond (and the reference's own uint64
 * conversion of negative or NaN counts is machine-defined). Beyond 2^53 both
 * sides are compared as the doubles they round to.
 */
function normalizeIntegers(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalizeIntegers);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, e] of Object.entries(v)) {
    out[k] =
      INT_KEYS.has(k) && typeof e === 'string' && Math.abs(Number(e)) >= TWO_53
        ? String(Number(e))
        : normalizeIntegers(e);
  }
  return out;
}

/** The oracle's outcome reduced to what {@link ourOutcome} reports. */
export function oracleOutcome(result: unknown): unknown {
  const r = result as { error?: string; line?: number; msg?: string; families?: { help_base64?: string }[] };
  if (r.error !== undefined) return { error: r.error, line: r.line, msg: r.msg };
  return normalizeIntegers({
    families: (r.families ?? []).map((f) => {
      const { help_base64: _, ...rest } = f;
      return rest;
    }),
  });
}
