import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ParseError } from '../../src/errors/parse-error.js';
import type { MetricFamily } from '../../src/model/types.js';
import { parse } from '../../src/parse/index.js';
import { ROOT, VENDOR } from '../helpers/fixtures.js';
import { omDocumentArb } from '../property/openmetrics-arbitraries.js';
import { compareWithPython, type PythonResult } from '../unit/parse/openmetrics-python-model.js';

/**
 * Our OpenMetrics model against the live Python client's OpenMetrics parser
 * (Debian python3-prometheus-client, through scripts/gen-om-fixtures.peer.py): every
 * case of the official suite (verdicts; models of the 44 valid ones), our
 * OpenMetrics fixtures, and the reference serializer's OpenMetrics output of
 * the 0.0.4 fixtures. Where the peer departs from the specification the
 * unit tests (openmetrics-fixtures.test.ts) list it; here those inputs are
 * only reported, and every other input must agree.
 *
 * Then generated documents, valid and garbled: whatever the peer rejects we
 * reject, and whatever both accept gives the same model. The peer is lenient
 * in places (it does not check the `#` of a metadata line, skips the char
 * after a label set, strips blanks around numbers, and does not check several
 * MUSTs), so inputs only we reject are counted by error code, not failed.
 */
const PYTHON = process.env.PROMKIT_PYTHON ?? '/usr/bin/python3';
const PEER = join(ROOT, 'scripts', 'gen-om-fixtures.peer.py');

function peerAvailable(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import prometheus_client.openmetrics.parser'], { encoding: 'utf8' }).status === 0;
}

function runPeer(paths: string[]): PythonResult[] {
  const r = spawnSync(PYTHON, [PEER, '--stdin'], {
    input: paths.join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`the Python peer failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as PythonResult);
}

/** Inputs whose verdict differs from the peer's by design (see PEER_DEPARTURES in the unit test), by file name. */
const DEPARTURES = new Set([
  'b4_value_signed_nan.om',
  'm4_help_trailing_backslash.om',
  'b6_counter_created_only.om',
  'gr_info_timestamp_backwards_same_labels.om',
  'gr_summary_sum_twice.om',
  'b5_exemplar_escapes.om',
]);

/** Inputs whose timestamps the peer misreads (exponent notation with a point, or -1 < t < 0). */
const PEER_TIMESTAMP_BUGS =
  /(a11_openmetrics_timestamp_seconds|a11_timestamp_appended|t02_beyond_2_53_kept_exact|t02_int64_extremes_in_histogram|t02_int64_max|t02_int64_min)\.om$/;

const SEED = 20261126;

function ours(path: string): { ok: true; families: MetricFamily[] } | { ok: false; error: string } {
  try {
    return { ok: true, families: parse(readFileSync(path), { format: 'openmetrics' }) };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: `${e.code} ${e.line}:${e.column} ${e.msg}` };
    throw e;
  }
}

function corpus(): string[] {
  const suite = join(VENDOR, 'conformance', 'openmetrics', 'tests', 'testdata', 'parsers');
  const paths = readdirSync(suite)
    .sort()
    .map((c) => join(suite, c, 'metrics'));
  for (const kind of ['valid', 'invalid']) {
    const dir = join(ROOT, 'fixtures', 'openmetrics', kind);
    for (const f of readdirSync(dir)
      .filter((f) => f.endsWith('.om'))
      .sort())
      paths.push(join(dir, f));
  }
  const omDir = join(ROOT, 'fixtures', 'valid');
  for (const f of readdirSync(omDir)
    .filter((f) => f.endsWith('.om'))
    .sort())
    paths.push(join(omDir, f));
  return paths;
}

const available = peerAvailable();

describe.skipIf(!available && !process.env.CI)('OpenMetrics against the Python client parser', () => {
  test('same verdicts and same models', () => {
    if (!available)
      throw new Error('python3-prometheus-client is required in CI: apt-get install -y python3-prometheus-client');
    const paths = corpus();
    const peer = runPeer(paths);
    expect(peer.length).toBe(paths.length);
    const problems: string[] = [];
    let models = 0;
    let departures = 0;
    paths.forEach((path, k) => {
      const theirs = peer[k];
      const mine = ours(path);
      const name = path.split('/').pop() as string;
      if (DEPARTURES.has(name)) {
        departures++;
        if (mine.ok === theirs.ok) problems.push(`${path}: a listed departure now agrees with the peer`);
        return;
      }
      if (mine.ok !== theirs.ok) {
        problems.push(
          `${path}: ours ${mine.ok ? 'accepted' : mine.error}, python ${theirs.ok ? 'accepted' : theirs.error}`,
        );
        return;
      }
      if (mine.ok && theirs.ok) {
        models++;
        const diff = compareWithPython(mine.families, theirs.families, { timestamps: !PEER_TIMESTAMP_BUGS.test(path) });
        if (diff !== undefined) problems.push(`${path}: ${diff}`);
      }
    });
    console.log(`${paths.length} inputs, ${models} models compared, ${departures} listed departures`);
    expect(models).toBeGreaterThanOrEqual(44 + 60 + 200);
    expect(problems).toEqual([]);
  });
});

describe.skipIf(!available && !process.env.CI)(
  `OpenMetrics against the Python client parser on generated documents (seed ${SEED})`,
  () => {
    test('what the peer rejects we reject; what both accept is the same model', () => {
      if (!available)
        throw new Error('python3-prometheus-client is required in CI: apt-get install -y python3-prometheus-client');
      console.log(`fast-check seed ${SEED}`);
      const inputs = [
        ...fc.sample(omDocumentArb(false), { seed: SEED, numRuns: 500 }),
        ...fc.sample(omDocumentArb(true), { seed: SEED + 1, numRuns: 4500 }),
      ];
      const dir = mkdtempSync(join(tmpdir(), 'promkit-om-'));
      try {
        const paths = inputs.map((input, k) => {
          const path = join(dir, `${k}.om`);
          writeFileSync(path, input);
          return path;
        });
        const peer = runPeer(paths);
        const problems: string[] = [];
        const onlyOurs = new Map<string, number>();
        let bothAccept = 0;
        paths.forEach((path, k) => {
          const theirs = peer[k];
          const mine = ours(path);
          const shown = JSON.stringify(Buffer.from(inputs[k]).toString('latin1'));
          if (!theirs.ok) {
            // The peer compares Timestamp(sec, nsec) field by field (10.5 > 11): its "went backwards" is not trusted.
            if (mine.ok && !theirs.error.includes('Timestamps went backwards'))
              problems.push(`we accept what the peer rejects (${theirs.error}): ${shown}`);
            return;
          }
          if (!mine.ok) {
            const code = mine.error.split(' ')[0];
            onlyOurs.set(code, (onlyOurs.get(code) ?? 0) + 1);
            return;
          }
          bothAccept++;
          const diff = compareWithPython(mine.families, theirs.families);
          if (diff !== undefined) problems.push(`${shown}: ${diff}`);
        });
        console.log(
          `${inputs.length} documents, ${bothAccept} accepted by both; rejected only by us: ${JSON.stringify(Object.fromEntries(onlyOurs))}`,
        );
        expect(bothAccept).toBeGreaterThan(500);
        expect(problems.slice(0, 5)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
