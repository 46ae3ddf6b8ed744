// npm run fixtures
//
// Regenerates every expected output under fixtures/ from the reference oracle
// (expfmt 0.39 wrapped by tools/expfmt-oracle), building it first if needed:
//
//   1. fixtures/{valid,invalid}/<name>.prom from the table in fixture-inputs.mjs,
//      placed by the oracle's verdict;
//   2. for each .prom: <name>.json (canonical JSON) when accepted, else
//      <name>.err.json (the error object); for accepted inputs also
//      <name>.text (-out text), <name>.om (-out openmetrics), <name>.pb.b64
//      (-out proto, base64) and <name>.lint.json (-out lint), or
//      <name>.text.err.json / .om.err.json / .pb.err.json / .lint.err.json when
//      that output fails;
//   3. the same files for the 0.0.4 text inputs of vendor/conformance, under
//      fixtures/conformance/<suite>/<flattened path>, plus
//      fixtures/conformance/index.json (inputs stay in vendor/).
//
// JSON files hold the oracle's bytes exactly as it printed them, plus a final LF
// (what single mode prints). Output is deterministic: files whose bytes do not
// change are not rewritten, and files that are no longer produced are removed.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join, relative } from 'node:path';
import { OracleBatch, ROOT, VENDOR, ensureOracle, runOnce } from './lib/oracle.mjs';
import { FIXTURES, INVALID, VALID, writeIfChanged, writeInputs } from './fixture-inputs.mjs';
import { isUtf8 } from './lib/utf8.mjs';

const CONFORMANCE_IN = join(VENDOR, 'conformance');
const CONFORMANCE_OUT = join(FIXTURES, 'conformance');

/**
 * The 0.0.4 text expositions of vendor/conformance, per suite: a predicate on
 * the path relative to the suite folder. OpenMetrics inputs (openmetrics/,
 * *.om.txt), protobuf and gzip files, and node_exporter's non-metric .txt files
 * are not 0.0.4 text and are left out.
 */
const SUITES = {
  'prometheus-common-expfmt': (p) => p.startsWith('expfmt/fuzz/corpus/') || p === 'expfmt/testdata/text',
  'prometheus-textparse': (p) =>
    p === 'model/textparse/promtestdata.txt' ||
    p === 'model/textparse/promtestdata.nometa.txt' ||
    (p.startsWith('model/textparse/testdata/') && p.endsWith('.prom.txt')) ||
    p === 'cmd/promtool/testdata/metrics-test.prom',
  'node-exporter-textfile': (p) =>
    (p.startsWith('collector/fixtures/textfile/') && (p.endsWith('.prom') || p.endsWith('.out'))) ||
    p === 'collector/fixtures/e2e-output.txt',
};

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}

function byName(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every job: { input: Buffer, prefix: absolute path without extension, source?: path in the repository }. */
function collectJobs() {
  const jobs = [];
  for (const dir of [VALID, INVALID]) {
    for (const f of readdirSync(dir)
      .filter((f) => f.endsWith('.prom'))
      .sort(byName)) {
      jobs.push({
        input: readFileSync(join(dir, f)),
        prefix: join(dir, f.slice(0, -'.prom'.length)),
        expectValid: dir === VALID,
      });
    }
  }
  for (const [suite, wanted] of Object.entries(SUITES)) {
    const base = join(CONFORMANCE_IN, suite);
    for (const path of walk(base)) {
      const rel = relative(base, path).split('\\').join('/');
      if (rel.startsWith('oracle-expfmt-0.39/') || !wanted(rel)) continue;
      jobs.push({
        input: readFileSync(path),
        prefix: join(CONFORMANCE_OUT, suite, rel.split('/').join('__')),
        source: relative(ROOT, path).split('\\').join('/'),
        suite,
        rel,
      });
    }
  }
  return jobs;
}

/** The extra outputs of an accepted input: flag, file suffix on success, suffix of the error file. */
const OUTPUTS = [
  { out: 'text', ok: '.text', err: '.text.err.json' },
  { out: 'openmetrics', ok: '.om', err: '.om.err.json' },
  { out: 'proto', ok: '.pb.b64', err: '.pb.err.json' },
  { out: 'lint', ok: '.lint.json', err: '.lint.err.json' },
];

async function main() {
  const oracle = ensureOracle();
  const counts = await writeInputs(oracle);
  const jobs = collectJobs();
  const written = new Set();
  let changed = 0;
  const put = (path, bytes) => {
    written.add(path);
    if (writeIfChanged(path, Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8'))) changed++;
  };

  const parse = new OracleBatch(oracle, ['-out', 'json']);
  const verdicts = await Promise.all(jobs.map((j) => parse.run(j.input)));
  await parse.close();
  const accepted = jobs.filter((_, i) => verdicts[i].exit === 0);

  // The extra outputs, one co-process each, all in flight at once. Lint twice: promlint's
  // choice between two unit words in one name depends on Go map order.
  const batches = OUTPUTS.map((o) => new OracleBatch(oracle, ['-out', o.out]));
  const lintAgain = new OracleBatch(oracle, ['-out', 'lint']);
  const [extra, lint2] = await Promise.all([
    Promise.all(batches.map((b) => Promise.all(accepted.map((j) => b.run(j.input))))),
    Promise.all(accepted.map((j) => lintAgain.run(j.input))),
  ]);
  await Promise.all([...batches, lintAgain].map((b) => b.close()));

  const index = [];
  const mismatches = [];
  jobs.forEach((job, i) => {
    const v = verdicts[i];
    if (v.exit !== 0 && v.exit !== 1) throw new Error(`oracle usage error for ${job.prefix}: ${v.raw}`);
    if (job.expectValid !== undefined && job.expectValid !== (v.exit === 0)) {
      throw new Error(`${job.prefix}.prom is in the wrong folder (oracle exit ${v.exit})`);
    }
    mkdirSync(join(job.prefix, '..'), { recursive: true });
    put(job.prefix + (v.exit === 0 ? '.json' : '.err.json'), v.raw + '\n');
    if (job.source) {
      index.push({
        input: job.source,
        expected: relative(ROOT, job.prefix).split('\\').join('/'),
        accepted: v.exit === 0,
      });
      const ref = join(CONFORMANCE_IN, job.suite, 'oracle-expfmt-0.39', job.rel + '.json');
      if (existsSync(ref) && !isDeepStrictEqual(JSON.parse(readFileSync(ref, 'utf8')), v.result))
        mismatches.push(job.source);
    }
  });

  const exact = accepted.map((j) => isUtf8(j.input));
  accepted.forEach((job, k) => {
    OUTPUTS.forEach((o, n) => {
      const r = extra[n][k];
      if (r.exit !== 0) {
        put(job.prefix + o.err, r.raw + '\n');
        return;
      }
      if (o.out === 'text' || o.out === 'openmetrics') {
        // Batch mode carries text as a JSON string, which cannot hold invalid UTF-8
        // (HELP is not checked by the parser); ask single mode for the exact bytes then.
        const bytes = exact[k]
          ? Buffer.from(r.result.text, 'utf8')
          : runOnce(oracle, ['-out', o.out], job.input).stdout;
        put(job.prefix + o.ok, bytes);
      } else if (o.out === 'proto') {
        put(job.prefix + o.ok, r.result.output_base64 + '\n');
      } else {
        if (lint2[k].raw !== r.raw) throw new Error(`promlint output is not deterministic for ${job.prefix}`);
        put(job.prefix + o.ok, r.raw + '\n');
      }
    });
  });

  index.sort((a, b) => byName(a.input, b.input));
  mkdirSync(CONFORMANCE_OUT, { recursive: true });
  put(join(CONFORMANCE_OUT, 'index.json'), JSON.stringify(index, null, 2) + '\n');

  // Remove what is no longer produced (inputs stay: the table owns them).
  let removed = 0;
  for (const dir of [VALID, INVALID, CONFORMANCE_OUT]) {
    for (const path of walk(dir)) {
      if (path.endsWith('.prom') && dir !== CONFORMANCE_OUT) continue;
      if (!written.has(path)) {
        rmSync(path);
        removed++;
      }
    }
  }

  const conf = index.length;
  const confOk = index.filter((e) => e.accepted).length;
  console.log(
    `fixtures: ${counts.valid} valid, ${counts.invalid} invalid inputs; conformance: ${conf} inputs (${confOk} accepted, ${conf - confOk} rejected)`,
  );
  console.log(`files: ${written.size} expected outputs, ${changed} written, ${removed} removed`);
  if (mismatches.length) {
    console.error(`warning: differs from vendor/conformance/*/oracle-expfmt-0.39: ${mismatches.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
