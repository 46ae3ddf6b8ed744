import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetricFamily, MetricType } from '../model/types.js';
import { formatFromContent, parse } from '../parse/index.js';
import { serializeOpenMetrics } from '../serialize/index.js';
import { findPromkitRoot } from './package-root.js';
import type { PayloadInput, StageCase, StageDef } from './stage.js';

/**
 * The `parse-openmetrics` row: the payload converted to OpenMetrics 1.0 text
 * (untimed), then `parse(omBytes, { format: 'openmetrics' })` timed. MB/s are
 * of the OpenMetrics bytes; the ratio to Go is against Go parsing the 0.0.4
 * payload into the same model (go-expfmt-parse), so the two `parse` rows
 * compare the formats on the same data. After each run, it and the text parse
 * take turns in the same process, for `openmetrics ÷ text parse`.
 */

/** Names a family takes in OpenMetrics, relative to its OpenMetrics name (a counter not named `_total` is written as unknown). */
function reservedSuffixes(f: MetricFamily): string[] {
  switch (f.type as MetricType) {
    case 'counter':
      return f.name.endsWith('_total') ? ['', '_total', '_created'] : [''];
    case 'summary':
      return ['', '_sum', '_count', '_created'];
    case 'histogram':
      return ['', '_bucket', '_sum', '_count', '_created'];
    default:
      return [''];
  }
}

/** The OpenMetrics family name the reference writer gives a 0.0.4 family. */
function omName(f: MetricFamily): string {
  return f.type === 'counter' && f.name.endsWith('_total') ? f.name.slice(0, -'_total'.length) : f.name;
}

/** Names of the 0.0.4 sample lines of a family (what the text's lines start with). */
function sampleNames(f: MetricFamily): string[] {
  if (f.type === 'summary') return [f.name, `${f.name}_sum`, `${f.name}_count`];
  if (f.type === 'histogram' || f.type === 'gauge_histogram')
    return [`${f.name}_bucket`, `${f.name}_sum`, `${f.name}_count`];
  return [f.name];
}

/** `name` with `_om<n>` inserted before a counter's `_total`, or appended. */
function numbered(f: MetricFamily, n: number): string {
  const total = f.type === 'counter' && f.name.endsWith('_total');
  return total ? `${f.name.slice(0, -'_total'.length)}_om${n}_total` : `${f.name}_om${n}`;
}

/**
 * Families that OpenMetrics would see as one name (a gauge `x` and a counter
 * `x_total` both become `x`), in the name order the writer uses: each later
 * one gets a new name (`x_om2`, `x_om2_total`). Returns old name → new name.
 */
export function openMetricsRenames(families: readonly MetricFamily[]): Map<string, string> {
  const reserved = new Set<string>();
  const renames = new Map<string, string>();
  const sorted = families.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const f of sorted) {
    const suffixes = reservedSuffixes(f);
    let name = f.name;
    for (let n = 2; suffixes.some((s) => reserved.has(omName({ ...f, name }) + s)); n++) name = numbered(f, n);
    for (const s of suffixes) reserved.add(omName({ ...f, name }) + s);
    if (name !== f.name) renames.set(f.name, name);
  }
  return renames;
}

/** Renames families in 0.0.4 text line by line: HELP/TYPE lines and sample lines of the renamed families. */
function renameInText(text: string, families: readonly MetricFamily[], renames: Map<string, string>): string {
  const byLineName = new Map<string, string>();
  for (const f of families) {
    const to = renames.get(f.name);
    if (to === undefined) continue;
    for (const s of sampleNames(f)) byLineName.set(s, to + s.slice(f.name.length));
  }
  return text
    .split('\n')
    .map((line) => {
      const meta = /^(\s*#\s+(?:HELP|TYPE)\s+)(\S+)(.*)$/.exec(line);
      if (meta) {
        const to = renames.get(meta[2]);
        return to === undefined ? line : meta[1] + to + meta[3];
      }
      const sample = /^(\s*)([a-zA-Z_:][a-zA-Z0-9_:]*)(.*)$/.exec(line);
      const to = sample ? byLineName.get(sample[2]) : undefined;
      return sample && to !== undefined ? sample[1] + to + sample[3] : line;
    })
    .join('\n');
}

/** `$PROMKIT_ORACLE`, else `${PROMKIT_ORACLE_DIR:-.oracle}/expfmt-oracle` in the promkit repository; undefined when absent. */
function findOracle(): string | undefined {
  const fromEnv = process.env.PROMKIT_ORACLE;
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? resolve(fromEnv) : undefined;
  for (const from of [process.cwd(), dirname(fileURLToPath(import.meta.url))]) {
    const root = findPromkitRoot(from)?.root;
    if (root === undefined) continue;
    const binary = join(resolve(root, process.env.PROMKIT_ORACLE_DIR ?? '.oracle'), 'expfmt-oracle');
    if (existsSync(binary)) return binary;
  }
  return undefined;
}

/**
 * Converts a 0.0.4 payload to OpenMetrics: with the reference serializer
 * (`expfmt-oracle -out openmetrics`) when the oracle is found, else with
 * `serializeOpenMetrics` (byte-identical to it). Families whose OpenMetrics
 * names would clash are renamed first. Returns the text and how it was made.
 */
export function toOpenMetrics(text: string, bytes: Uint8Array): { om: Buffer; via: string; renamed: number } {
  const families = parse(bytes);
  const renames = openMetricsRenames(families);
  const oracle = findOracle();
  if (oracle !== undefined) {
    const input = renames.size === 0 ? Buffer.from(bytes) : Buffer.from(renameInText(text, families, renames));
    const r = spawnSync(oracle, ['-out', 'openmetrics'], { input, maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`expfmt-oracle -out openmetrics failed: ${r.stdout.toString().slice(0, 300)}`);
    return { om: r.stdout, via: 'expfmt-oracle', renamed: renames.size };
  }
  const renamed = families.map((f) => (renames.has(f.name) ? { ...f, name: renames.get(f.name) as string } : f));
  return {
    om: Buffer.from(serializeOpenMetrics(renamed, { sortByName: true })),
    via: 'serializeOpenMetrics',
    renamed: renames.size,
  };
}

/** Families and metrics of a parse result; throws when it cannot be the payload's. */
function familyCounts(series: number): (result: unknown) => Record<string, number> {
  return (result) => {
    if (!Array.isArray(result) || result.length === 0) throw new Error('no families in the result');
    let metrics = 0;
    for (const f of result as MetricFamily[]) metrics += f.metrics.length;
    if (metrics === 0 || metrics > series) throw new Error(`${metrics} metrics for ${series} sample lines`);
    return { families: result.length, metrics };
  };
}

/** `parse(bytes, { format: 'openmetrics' })` on the payload as OpenMetrics. */
export const parseOpenMetricsStage: StageDef = {
  id: 'parse-openmetrics',
  stage: 'parse-openmetrics',
  tool: 'promkit',
  goTool: 'go-expfmt-parse',
  summary:
    "parse(omBytes, { format: 'openmetrics' }) on the payload converted to OpenMetrics (expfmt-oracle -out openmetrics, untimed); MB/s of the OpenMetrics bytes, ratio against Go parsing the 0.0.4 payload; after each run, it and parse(bytes) of the 0.0.4 payload take turns for openmetrics ÷ text parse",
  async prepare({ payload, bytes, text }: PayloadInput): Promise<StageCase> {
    const already = formatFromContent(bytes) === 'openmetrics';
    const { om, via, renamed } = already
      ? { om: Buffer.from(bytes), via: 'as given', renamed: 0 }
      : toOpenMetrics(text, bytes);
    const input = new Uint8Array(om.buffer, om.byteOffset, om.byteLength);
    const counts = familyCounts(payload.series);
    return {
      fn: () => parse(input, { format: 'openmetrics' }),
      // The same series as text, as the parse stage times it.
      reference: { fn: () => parse(bytes) },
      bytes: input.byteLength,
      check: (result) => ({
        ...counts(result),
        openMetricsBytes: input.byteLength,
        renamedFamilies: renamed,
        convertedByOracle: via === 'expfmt-oracle' ? 1 : 0,
      }),
    };
  },
};
