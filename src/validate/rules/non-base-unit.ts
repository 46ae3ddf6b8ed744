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

/** The unit promlint's `metricUnits` finds for one unit key, or undefined. */
function matchUnit(segments: readonly string[], unit: string): string | undefined {
  for (const prefix of PREFIXES) {
    const word = prefix + unit;
    for (const s of segments) if (s === word) return word;
  }
  return undefined;
}

/**
 * Every answer promlint's `metricUnits(name)` can give, one per unit key that
 * matches a `_`-separated word of the name (with or without a prefix), in
 * promlint's declaration order. Go iterates its unit map in random order, so
 * when several keys match, promtool picks one of these at random; the rule
 * uses the first. Returns a new array.
 */
export function unitCandidates(name: string): Array<{ unit: string; base: string }> {
  const segments = name.split('_');
  const out: Array<{ unit: string; base: string }> = [];
  for (const [unit, base] of UNITS) {
    const found = matchUnit(segments, unit);
    if (found !== undefined) out.push({ unit: found, base });
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
