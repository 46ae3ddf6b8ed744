/**
 * Synthetic text-format payloads of a chosen shape, for `promkit bench --generate`. The same options
 * give the same bytes on every machine and Node version (a seeded PRNG and integer-based choices).
 */

/** The shape of a generated payload. */
export interface GenerateOptions {
  /** Sample lines (non-comment lines), exactly. */
  series: number;
  /** Families wanted, shared among the kinds by their lines; at least one per kind present, and one per metric without labels. */
  families: number;
  /** Fraction (0–1) of the sample lines that belong to histograms. */
  histograms: number;
  /** Fraction (0–1) of the sample lines that belong to summaries; with `histograms` at most 1. */
  summaries: number;
  /** Finite buckets per histogram (a `+Inf` bucket, `_sum` and `_count` lines come on top). */
  buckets: number;
  /** Quantiles per summary (`_sum` and `_count` lines come on top), 1–9. */
  quantiles: number;
  /** Labels per series, `le`/`quantile` not counted. */
  labels: number;
  /** Fraction (0–1) of label values that carry an escape (`\\`, `\"`, `\n`). */
  escapes: number;
  /** Fraction (0–1) of counter and gauge lines that carry a millisecond timestamp. */
  timestamps: number;
  /** PRNG seed (an unsigned 32-bit integer). */
  seed: number;
}

/** The default shape: 10,000 series in 100 families, 20 % histogram and 10 % summary lines, 5 labels. */
export const DEFAULT_GENERATE: Readonly<GenerateOptions> = Object.freeze({
  series: 10_000,
  families: 100,
  histograms: 0.2,
  summaries: 0.1,
  buckets: 12,
  quantiles: 3,
  labels: 5,
  escapes: 0.02,
  timestamps: 0,
  seed: 1,
});

const WORDS = (
  'api http grpc db cache queue worker sched disk net cpu mem gc heap alloc lock conn pool request response ' +
  'error retry timeout latency batch job task shard replica leader follower index query write read flush ' +
  'compact wal block chunk series sample scrape target rule alert tenant region zone cluster node pod ' +
  'container volume bucket object upload download'
).split(' ');
const UNITS = ['seconds', 'bytes', 'ratio', 'operations', 'requests', 'messages', 'items', 'celsius'];
const LABEL_NAMES = [
  'component',
  'pool',
  'method',
  'code',
  'handler',
  'path',
  'region',
  'zone',
  'cluster',
  'namespace',
  'pod',
  'container',
  'service',
  'endpoint',
  'tenant',
  'shard',
  'version',
  'operation',
  'status',
  'device',
  'mountpoint',
  'worker_id',
  'queue_name',
];
const VALUE_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-_./:';
const ESCAPES = ['\\\\', '\\"', '\\n'];
const BUCKET_SCALES = [0.001, 1, 100];
const QUANTILES = ['0.5', '0.9', '0.99', '0.75', '0.25', '0.95', '0.999', '0.1', '0.01'];

type Kind = 'counter' | 'gauge' | 'histogram' | 'summary';

interface FamilyPlan {
  kind: Kind;
  metrics: number;
}

/** mulberry32: a small deterministic PRNG returning floats in [0, 1). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Checks a shape; returns a list of problems (empty when the shape can be generated), each a
 * lower-case sentence naming the option.
 */
export function checkGenerateOptions(o: GenerateOptions): string[] {
  const problems: string[] = [];
  const int = (v: number, name: string, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (!Number.isInteger(v) || v < min || v > max)
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${v}`);
  };
  const fraction = (v: number, name: string): void => {
    if (!(v >= 0 && v <= 1)) problems.push(`${name} must be a fraction from 0 to 1, got ${v}`);
  };
  int(o.series, 'series', 1, 100_000_000);
  int(o.families, 'families', 1, 10_000_000);
  int(o.buckets, 'buckets', 1, 1000);
  int(o.quantiles, 'quantiles', 1, QUANTILES.length);
  int(o.labels, 'labels', 0, 100);
  int(o.seed, 'seed', 0, 0xffffffff);
  fraction(o.histograms, 'histograms');
  fraction(o.summaries, 'summaries');
  fraction(o.escapes, 'escapes');
  fraction(o.timestamps, 'timestamps');
  if (o.histograms + o.summaries > 1)
    problems.push(`histograms + summaries must be at most 1, got ${o.histograms + o.summaries}`);
  return problems;
}

/** Splits `total` into `parts` positive integers with heavy-tailed random weights (most small, a few large). */
function splitHeavyTailed(total: number, parts: number, rnd: () => number): number[] {
  const weights = Array.from({ length: parts }, () => rnd() ** 3 * 10 + 0.05);
  const sum = weights.reduce((a, w) => a + w, 0);
  const spare = total - parts;
  const sizes = weights.map((w) => 1 + Math.floor((spare * w) / sum));
  let left = total - sizes.reduce((a, s) => a + s, 0);
  for (let i = 0; left > 0; i = (i + 1) % parts, left--) sizes[i]++;
  return sizes;
}

/** How many metrics of each kind, and in how many families, the shape asks for. */
function planFamilies(o: GenerateOptions, rnd: () => number): FamilyPlan[] {
  const perHistogram = o.buckets + 3;
  const perSummary = o.quantiles + 2;
  const histograms = Math.floor((o.series * o.histograms) / perHistogram);
  const summaries = Math.floor((o.series * o.summaries) / perSummary);
  const rest = o.series - histograms * perHistogram - summaries * perSummary;
  const counters = Math.round((rest * 4) / 7);
  const metrics: Record<Kind, number> = {
    counter: counters,
    gauge: rest - counters,
    histogram: histograms,
    summary: summaries,
  };
  const lines: Record<Kind, number> = {
    counter: counters,
    gauge: rest - counters,
    histogram: histograms * perHistogram,
    summary: summaries * perSummary,
  };
  const plans: FamilyPlan[] = [];
  for (const kind of ['counter', 'gauge', 'histogram', 'summary'] as const) {
    const m = metrics[kind];
    if (m === 0) continue;
    // Without labels a family holds one metric (label sets must be unique).
    const families = o.labels === 0 ? m : Math.min(m, Math.max(1, Math.round((o.families * lines[kind]) / o.series)));
    for (const size of splitHeavyTailed(m, families, rnd)) plans.push({ kind, metrics: size });
  }
  for (let i = plans.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [plans[i], plans[j]] = [plans[j], plans[i]];
  }
  return plans;
}

/**
 * Generates a text-format 0.0.4 payload of the given shape: exactly `o.series` sample lines, every
 * family with HELP and TYPE, unique label sets, cumulative histogram buckets ending in `+Inf`, values
 * the Go reference parses (some NaN/±Inf gauges, some exponent notation). Deterministic: equal options
 * give equal output. Throws when {@link checkGenerateOptions} finds a problem.
 */
export function generatePayload(o: GenerateOptions): string {
  const problems = checkGenerateOptions(o);
  if (problems.length > 0) throw new RangeError(`generate: ${problems.join('; ')}`);
  const rnd = prng(o.seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const float = (x: number): string => (Number.isInteger(x) || rnd() >= 0.15 ? String(x) : x.toExponential(int(2, 6)));

  const labelValue = (prefix: string): string => {
    const len = 10 + Math.floor(rnd() ** 3 * 31);
    const escaped = rnd() < o.escapes;
    let v = prefix;
    while (v.length < len) v += VALUE_CHARS[Math.floor(rnd() * VALUE_CHARS.length)];
    if (escaped) {
      const at = int(prefix.length, v.length);
      v = v.slice(0, at) + pick(ESCAPES) + v.slice(at);
    }
    return v;
  };
  const helpText = (): string => {
    const words: string[] = [];
    for (let i = int(3, 12); i > 0; i--) words.push(pick(WORDS));
    let t = words.join(' ');
    if (rnd() < 0.05) t += pick([' (path C:\\\\tmp)', ' first line\\nsecond line']);
    return t.charAt(0).toUpperCase() + t.slice(1) + '.';
  };
  const value = (kind: Kind): string => {
    const r = rnd();
    if (kind === 'gauge') {
      if (r < 0.005) return 'NaN';
      if (r < 0.01) return pick(['+Inf', '-Inf']);
      if (r < 0.3) return String(int(-1000, 100_000));
      return float((rnd() - 0.2) * 10 ** int(-6, 9));
    }
    return r < 0.6 ? String(int(0, 2 ** 31)) : float(rnd() * 10 ** int(0, 12));
  };
  const timestamp = (): string =>
    o.timestamps > 0 && rnd() < o.timestamps ? ` ${1_700_000_000_000 + int(0, 1e9)}` : '';

  const used = new Set<string>();
  const familyName = (kind: Kind): string => {
    let name = '';
    for (let tries = 0; name === '' || used.has(name); tries++) {
      name = `${pick(WORDS)}_${pick(WORDS)}_${pick(WORDS)}_${pick(UNITS)}`;
      if (tries > 20) name += `_${used.size}`;
    }
    used.add(name);
    return kind === 'counter' ? `${name}_total` : name;
  };
  const labelNames = (): string[] => {
    const names: string[] = [];
    while (names.length < o.labels) {
      const n = names.length < LABEL_NAMES.length ? pick(LABEL_NAMES) : `label_${names.length}`;
      if (!names.includes(n)) names.push(n);
    }
    return names;
  };

  const out: string[] = [];
  for (const plan of planFamilies(o, rnd)) {
    const name = familyName(plan.kind);
    out.push(`# HELP ${name} ${helpText()}\n# TYPE ${name} ${plan.kind}\n`);
    const names = labelNames();
    const pools = names.map(() => Array.from({ length: int(2, 30) }, () => labelValue('')));
    const scale = pick(BUCKET_SCALES);
    const bounds = Array.from({ length: o.buckets }, (_, i) => String(Number(((i + 1) * scale).toPrecision(6))));
    const quantiles = QUANTILES.slice(0, o.quantiles);
    for (let m = 0; m < plan.metrics; m++) {
      const pairs = names.map((n, j) => `${n}="${j === 0 ? labelValue(`${m}-`) : pick(pools[j])}"`);
      const set = pairs.join(',');
      const open = set === '' ? '' : `{${set}}`;
      const withBound = (label: string, bound: string): string => `{${set === '' ? '' : `${set},`}${label}="${bound}"}`;
      if (plan.kind === 'counter' || plan.kind === 'gauge') {
        out.push(`${name}${open} ${value(plan.kind)}${timestamp()}\n`);
      } else if (plan.kind === 'histogram') {
        let count = 0;
        for (const b of bounds) {
          count += int(0, 500);
          out.push(`${name}_bucket${withBound('le', b)} ${count}\n`);
        }
        count += int(0, 50);
        out.push(
          `${name}_bucket${withBound('le', '+Inf')} ${count}\n${name}_sum${open} ${float(count * rnd() * 3)}\n${name}_count${open} ${count}\n`,
        );
      } else {
        for (const q of quantiles) out.push(`${name}${withBound('quantile', q)} ${float(rnd() * 2)}\n`);
        const count = int(1, 1e6);
        out.push(`${name}_sum${open} ${float(count * rnd())}\n${name}_count${open} ${count}\n`);
      }
    }
  }
  return out.join('');
}

/** A short payload name for a shape: `gen-<series>` plus the options that differ from the defaults. */
export function generatedName(o: GenerateOptions): string {
  const short: Record<keyof GenerateOptions, string> = {
    series: 's',
    families: 'f',
    histograms: 'h',
    summaries: 'q',
    buckets: 'b',
    quantiles: 'n',
    labels: 'l',
    escapes: 'e',
    timestamps: 't',
    seed: 'seed',
  };
  let name = `gen-${o.series}`;
  for (const key of Object.keys(short) as Array<keyof GenerateOptions>) {
    if (key !== 'series' && o[key] !== DEFAULT_GENERATE[key]) name += `-${short[key]}${o[key]}`;
  }
  return name;
}
