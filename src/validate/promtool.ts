import { ParseError } from '../errors/parse-error.js';
import { compareBytes } from '../merge/byte-order.js';
import { parse } from '../parse/parse.js';
import { runRules, selectRules, type LintOptions } from './lint.js';

/** One promlint problem: the family name and promlint's text. */
export interface PromlintProblem {
  metric: string;
  text: string;
}

/** What `promtool check metrics` (Prometheus 2.42, client_golang 1.14 promlint) does with an input. */
export interface PromtoolResult {
  /** The problems in promlint's order (metric name, then text, byte order); empty after a parse error. */
  problems: PromlintProblem[];
  /** The first parse error, which ends the check. */
  error?: ParseError;
  /** Exactly what promtool writes (to standard error): `<metric> <text>` lines, or `error while linting: <err>`. */
  output: string;
  /** promtool's exit status: 0 clean, 1 parse error, 3 lint problems. */
  exitCode: 0 | 1 | 3;
}

/**
 * Reproduces `promtool check metrics < input`: parse with the reference
 * semantics (stop at the first error), run the `promlint` rules, sort the
 * problems by metric name and text, print one line each. `options` may turn
 * promlint rules off (`disable`) but never adds other rules. Does not mutate `input`.
 */
export function promtoolCheckMetrics(
  input: string | Uint8Array,
  options: Pick<LintOptions, 'rules' | 'enable' | 'disable'> = {},
): PromtoolResult {
  let families;
  try {
    families = parse(input);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return { problems: [], error: e, output: `error while linting: ${e.message}\n`, exitCode: 1 };
  }
  const rules = selectRules(options).filter((r) => r.rule.category === 'promlint');
  const problems: PromlintProblem[] = runRules(families, rules).map((d) => ({
    metric: d.family ?? '',
    text: d.message,
  }));
  problems.sort((a, b) => (a.metric === b.metric ? compareBytes(a.text, b.text) : compareBytes(a.metric, b.metric)));
  let output = '';
  for (const p of problems) output += `${p.metric} ${p.text}\n`;
  return { problems, output, exitCode: problems.length > 0 ? 3 : 0 };
}
