/**
 * Differential test of `promkit lint --format promtool` against the real
 * `promtool check metrics` (Debian Prometheus 2.42) and of our promlint rules
 * against client_golang 1.14's promlint (the oracle's `-out lint`), on every
 * input we have plus generated ones. Prints how many inputs were compared.
 *
 * Needs `promtool` on PATH (or PROMTOOL=...) and, for the promlint part, the
 * oracle (scripts/build-oracle.sh); parts without their tool are skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { promtoolCheckMetrics } from '../../src/validate/index.js';
import { DEFAULT_GENERATE, generatePayload } from '../../src/bench/generate.js';
import { documentArb } from '../helpers/generators.js';
import { OracleBatch, findOracle } from '../helpers/oracle.js';
import { runCli } from '../helpers/cli.js';
import { comparePromtool } from '../unit/validate/promtool-compare.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PROMTOOL = process.env.PROMTOOL || 'promtool';
const hasPromtool = spawnSync(PROMTOOL, ['--version']).status === 0;
const oraclePath = findOracle();
const SEED = 424242;
const GENERATED = 600;

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}

/** Runs `promtool check metrics` with `input` on stdin. */
function promtool(input: Uint8Array): Promise<{ exit: number; stderr: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, ['check', 'metrics'], { stdio: ['pipe', 'ignore', 'pipe'] });
    const err: Buffer[] = [];
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exit: code ?? -1, stderr: Buffer.concat(err) }));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** Names and labels that trip every promlint rule, and the types that change their verdicts. */
const NAMES = [
  'http_requests_total',
  'jobs',
  'queue_length_total',
  'x_count',
  'x_sum',
  'x_bucket',
  'latency_ms',
  'cache_s_ms',
  'memory_MB',
  'uptime_hours',
  'disk_kilobytes',
  'link_bits_total',
  'job:rate5m',
  'httpRequests',
  'size_gauge',
  'a_counter_b',
  'x_gauge_histogram',
  'temp_fahrenheit',
  'dist_miles',
  'energy_calories',
  'w_pounds',
  'plain',
  'x_seconds_milliseconds',
  'thermometers',
  'Upper_CASE_h',
  // several unit words: promtool picks one at random (Go map order)
  'io_bytes_hours',
  'rate_megabits_minutes',
];
const TYPES = ['counter', 'gauge', 'summary', 'histogram', 'untyped', 'gauge_histogram'];
const LABELS = ['le', 'quantile', 'statusCode', 'code', 'URL', 'a'];

/** A document of HELP/TYPE/sample lines built from {@link NAMES}, as bytes. */
const promlintDocArb = fc
  .array(
    fc.record({
      name: fc.constantFrom(...NAMES),
      type: fc.option(fc.constantFrom(...TYPES), { nil: undefined }),
      help: fc.constantFrom(undefined, '', 'Some help.'),
      series: fc.array(
        fc.uniqueArray(fc.tuple(fc.constantFrom(...LABELS), fc.constantFrom('1', '0.5', 'v')), {
          maxLength: 3,
          selector: ([n]) => n,
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    { maxLength: 6 },
  )
  .map((families) => {
    let s = '';
    const seen = new Set<string>();
    for (const f of families) {
      if (seen.has(f.name)) continue;
      seen.add(f.name);
      if (f.help !== undefined) s += `# HELP ${f.name} ${f.help}\n`;
      if (f.type !== undefined) s += `# TYPE ${f.name} ${f.type}\n`;
      const suffix = f.type === 'histogram' ? '_bucket' : '';
      for (const labels of f.series) {
        const ls = labels.map(([n, v]) => `${n}="${v}"`).join(',');
        s += `${f.name}${suffix}${ls ? `{${ls}}` : ''} 1\n`;
      }
    }
    return new TextEncoder().encode(s);
  });

interface Input {
  name: string;
  bytes: Uint8Array;
}

function collectInputs(): Input[] {
  const inputs: Input[] = [];
  const add = (name: string, path: string): void => {
    inputs.push({ name, bytes: new Uint8Array(readFileSync(path)) });
  };
  for (const dir of ['lint', 'valid', 'invalid']) {
    for (const f of readdirSync(join(ROOT, 'fixtures', dir))
      .filter((x) => x.endsWith('.prom'))
      .sort())
      add(`fixtures/${dir}/${f}`, join(ROOT, 'fixtures', dir, f));
  }
  for (const path of walk(join(ROOT, 'vendor', 'conformance'))) add(path.slice(ROOT.length + 1), path);
  for (const path of walk(join(ROOT, 'vendor', 'bench-data')).filter((p) => p.endsWith('.prom')))
    add(path.slice(ROOT.length + 1), path);
  const shape = { ...DEFAULT_GENERATE, families: 120, series: 6000, timestamps: 0.01 };
  inputs.push({
    name: 'promkit bench --generate --families 120 --series 6000 --timestamps 0.01',
    bytes: new Uint8Array(Buffer.from(generatePayload(shape), 'utf8')),
  });
  fc.sample(documentArb(true), { seed: SEED, numRuns: GENERATED }).forEach((bytes, i) =>
    inputs.push({ name: `garbled document #${i} (seed ${SEED})`, bytes }),
  );
  fc.sample(promlintDocArb, { seed: SEED, numRuns: GENERATED }).forEach((bytes, i) =>
    inputs.push({ name: `promlint document #${i} (seed ${SEED})`, bytes }),
  );
  return inputs;
}

describe.skipIf(!hasPromtool)(`promkit lint --format promtool vs ${PROMTOOL} check metrics`, () => {
  test('same output and exit code on every input', async () => {
    const inputs = collectInputs();
    const failures: string[] = [];
    let random = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < inputs.length) {
        const input = inputs[next++];
        const theirs = await promtool(input.bytes);
        const ours = promtoolCheckMetrics(input.bytes);
        const expected = theirs.stderr.toString('utf8');
        const diff = comparePromtool(ours.output, expected);
        const randomOnly = diff === undefined && ours.output !== expected;
        if (randomOnly) random++;
        // A random unit choice can also decide between "no problem" (exit 0) and one (exit 3).
        const exitOk = ours.exitCode === theirs.exit || (randomOnly && ours.exitCode !== 1 && theirs.exit !== 1);
        if (!exitOk || diff !== undefined)
          failures.push(`${input.name}: exit ${ours.exitCode} vs ${theirs.exit}\n${diff ?? ''}`);
      }
    };
    await Promise.all([worker(), worker()]);
    console.log(
      `promtool parity: ${inputs.length} inputs compared, ${failures.length} differ, ${random} differ only in promtool's random unit choice (seed ${SEED})`,
    );
    expect(failures).toEqual([]);
    expect(inputs.length).toBeGreaterThan(2000);
  }, 1_800_000); // about 2,300 promtool runs: many minutes on a loaded machine; speed is not checked

  test('the CLI writes exactly what promtool writes, to standard error, with its exit code', async () => {
    const samples = [
      'fixtures/lint/camel_case.prom',
      'fixtures/lint/parse_errors.prom',
      'fixtures/lint/clean.prom',
      'fixtures/lint/non_base_unit.prom',
    ];
    for (const rel of samples) {
      const bytes = readFileSync(join(ROOT, rel));
      const theirs = await promtool(bytes);
      const run = await runCli(['lint', '--format', 'promtool'], bytes);
      expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }, rel).toEqual({
        code: theirs.exit,
        stdout: '',
        stderr: theirs.stderr.toString('utf8'),
      });
    }
  });
});

describe.skipIf(!oraclePath)('promlint rules vs client_golang 1.14 promlint (expfmt-oracle -out lint)', () => {
  const oracle = oraclePath ? new OracleBatch(['-out', 'lint'], oraclePath) : undefined;
  afterAll(async () => oracle?.close());

  test('same problems on generated documents', async () => {
    const docs = [
      ...fc.sample(promlintDocArb, { seed: SEED + 1, numRuns: 2000 }),
      ...fc.sample(documentArb(false), { seed: SEED + 1, numRuns: 1000 }),
    ];
    const replies = await Promise.all(docs.map((d) => oracle!.runWithExit(d)));
    let compared = 0;
    const failures: string[] = [];
    docs.forEach((d, i) => {
      const ours = promtoolCheckMetrics(d);
      const reply = replies[i];
      if (reply.exit !== 0) {
        if (ours.exitCode !== 1) failures.push(`document ${i}: the oracle rejects it, we do not`);
        return;
      }
      compared++;
      const theirs = (reply.result as { problems: Array<{ metric: string; text: string }> }).problems;
      const text = (ps: Array<{ metric: string; text: string }>): string =>
        ps.map((p) => `${p.metric} ${p.text}\n`).join('');
      const diff = comparePromtool(text(ours.problems), text(theirs));
      if (diff !== undefined) failures.push(`document ${i}:\n${diff}`);
    });
    console.log(
      `promlint parity: ${docs.length} documents, ${compared} accepted and compared problem by problem (seed ${SEED + 1})`,
    );
    expect(failures).toEqual([]);
  });
});
