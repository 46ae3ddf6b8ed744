import type { LintRule } from '../rule.js';

/** Known units and their base unit, in promlint's declaration order. */
const UNITS: ReadonlyArray<readonly [unit: string, base: string]> = [
  ['amperes', 'amperes'],
  ['bytes', 'bytes'],
  ['celsius', 'celsius'],
  ['grams', 'grams'],
  ['joules', 'joules'],
  ['kelvin', 'kelvin'],
  ['meters', 'meters'],
  ['metres', 'metres'],
  ['seconds', 'seconds'],
  ['volts', 'volts'],
  ['minutes', 'seconds'],
  ['hours', 'seconds'],
  ['days', 'seconds'],
  ['weeks', 'seconds'],
  ['kelvins', 'kelvin'],
  ['fahrenheit', 'celsius'],
  ['rankine', 'celsius'],
  ['inches', 'meters'],
  ['yards', 'meters'],
  ['miles', 'meters'],
  ['bits', 'bytes'],
  ['calories', 'joules'],
  ['pounds', 'grams'],
  ['ounces', 'grams'],
];

/** SI and binary prefixes promlint recognizes, in its order; `''` (no prefix) is tried last. */
const PREFIXES = [
  'pico',
  'nano',
  'micro',
  'milli',
  'centi',
  'deci',
  'deca',
  'hecto',
  'kilo',
  'kibi',
  'mega',
  'mibi',
  'giga',
  'gibi',
  'tera',
  'tebi',
  'peta',
  'pebi',
  '',
];

/**
 * Every word promlint's `metricUnits` recognizes (a prefix, possibly empty, then a unit), with
 * the places of its unit and prefix in the tables: one lookup per word of a name instead of
 * trying every prefix with every unit.
 */
const WORDS = new Map<string, Array<readonly [unit: number, prefix: number]>>();
for (let u = 0; u < UNITS.length; u++)
  for (let p = 0; p < PREFIXES.length; p++) {
    const word = PREFIXES[p] + UNITS[u][0];
    const known = WORDS.get(word);
    if (known === undefined) WORDS.set(word, [[u, p]]);
    else known.push([u, p]);
  }

/**
 * Every answer promlint's `metricUnits(name)` can give, one per unit key that
 * matches a `_`-separated word of the name (with or without a prefix), in
 * promlint's declaration order. Go iterates its unit map in random order, so
 * when several keys match, promtool picks one of these at random; the rule
 * uses the first. Returns a new array.
 */
export function unitCandidates(name: string): Array<{ unit: string; base: string }> {
  // For each unit key, the first prefix (in table order) whose word is in the name.
  let firstPrefix: number[] | undefined;
  for (const segment of name.split('_')) {
    const hits = WORDS.get(segment);
    if (hits === undefined) continue;
    firstPrefix ??= [];
    for (const [u, p] of hits) if (!(firstPrefix[u] <= p)) firstPrefix[u] = p;
  }
  const out: Array<{ unit: string; base: string }> = [];
  if (firstPrefix === undefined) return out;
  for (let u = 0; u < UNITS.length; u++) {
    const p = firstPrefix[u];
    if (p !== undefined) out.push({ unit: PREFIXES[p] + UNITS[u][0], base: UNITS[u][1] });
  }
  return out;
}

/** The promlint problem text for a unit that is not the base unit. */
function baseUnitText(unit: string, base: string): string {
  return `use base unit "${base}" instead of "${unit}"`;
}

/** promlint `lintMetricUnits`: units in names should be base units. */
export const nonBaseUnit: LintRule = {
  id: 'NON_BASE_UNIT',
  severity: 'warning',
  category: 'promlint',
  description:
    'a metric name uses a unit that is not a base unit (promlint: use base unit "seconds" instead of "milliseconds")',
  docs: `Prometheus metrics use base units: seconds, bytes, meters, grams, joules,
volts, amperes, celsius/kelvin. A name word such as \`milliseconds\`,
\`kilobytes\`, \`hours\` or \`bits\` (any SI or binary prefix on a known unit,
or a non-base unit) is reported with the base unit to use instead.

When a name holds several known units (\`x_bytes_hours\`), promtool picks one of
them at random on every run (Go map order); this rule always uses the first in
promlint's table order (amperes, bytes, celsius, grams, joules, kelvin, meters,
metres, seconds, volts, minutes, hours, days, weeks, …).

\`\`\`
request_duration_milliseconds 12     # reported
request_duration_seconds 0.012       # fine
\`\`\``,
  check(ctx) {
    for (const family of ctx.families) {
      const first = unitCandidates(family.name)[0];
      if (first !== undefined && first.unit !== first.base) {
        ctx.report({ family, message: baseUnitText(first.unit, first.base) });
      }
    }
  },
};
