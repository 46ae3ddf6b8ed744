// node scripts/gen-lint-fixtures.mjs
//
// Regenerates what the real tools say about lint inputs:
//
//   1. for every fixtures/lint/<name>.prom (hand-written inputs, one or more per
//      lint rule):
//        <name>.promtool.json  what `promtool check metrics < <name>.prom` does:
//                              {"exit": N, "stderr": "..."} (stderr_base64 instead
//                              when the bytes are not UTF-8)
//        <name>.lint.json      client_golang 1.14 promlint problems from the oracle
//                              (`expfmt-oracle -out lint`), its bytes as printed, or
//                              <name>.lint.err.json when the input does not parse;
//   2. fixtures/lint/promtool-corpus.json: the same promtool result for every
//      other input we have: fixtures/{valid,invalid}/*.prom, every file under
//      vendor/conformance and vendor/bench-data/*.prom, keyed by path
//      (relative to the repository) with the SHA-256 of the input, so that a changed input is noticed.
//
// promtool is Debian's Prometheus 2.42 (`apt-get install prometheus`); set
// PROMTOOL to use another binary. promlint picks one of several unit words in a
// name at random (Go map order): such inputs are run several times and every
// distinct answer is recorded ("alternatives"). Re-running changes nothing when
// nothing changed: files are compared before they are written.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { OracleBatch, ROOT, VENDOR, ensureOracle } from './lib/oracle.mjs';
import { writeIfChanged } from './fixture-inputs.mjs';
import { isUtf8 } from './lib/utf8.mjs';

const LINT = join(ROOT, 'fixtures', 'lint');
const PROMTOOL = process.env.PROMTOOL || 'promtool';
const CONCURRENCY = 2;
const REPEATS_FOR_RANDOM = 12;

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}

/** Runs `promtool check metrics` with `input` on stdin; resolves to { exit, stderr (Buffer), stdout }. */
function promtool(input) {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exit: code, stderr: Buffer.concat(err), stdout: Buffer.concat(out) }));
    child.stdin.on('error', () => {}); // promtool may exit before reading everything
    child.stdin.end(input);
  });
}

/** The JSON record of one promtool run. */
function record(r) {
  if (r.stdout.length > 0) throw new Error(`promtool wrote to stdout: ${r.stdout}`);
  const o = { exit: r.exit };
  if (isUtf8(r.stderr)) o.stderr = r.stderr.toString('utf8');
  else o.stderr_base64 = r.stderr.toString('base64');
  return o;
}

/** Runs promtool on every input, CONCURRENCY at a time, repeating inputs whose answer varies. */
async function runAll(inputs) {
  const results = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      const first = record(await promtool(inputs[i]));
      // Two runs that differ mean a random choice; then collect the distinct answers.
      const second = record(await promtool(inputs[i]));
      if (JSON.stringify(first) === JSON.stringify(second)) {
        results[i] = first;
        continue;
      }
      const seen = new Map([
        [JSON.stringify(first), first],
        [JSON.stringify(second), second],
      ]);
      for (let k = 0; k < REPEATS_FOR_RANDOM; k++) {
        const r = record(await promtool(inputs[i]));
        seen.set(JSON.stringify(r), r);
      }
      const all = [...seen.keys()].sort().map((k) => seen.get(k));
      results[i] = { ...all[0], alternatives: all.slice(1) };
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

async function main() {
  const version = spawnSync(PROMTOOL, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0)
    throw new Error(`${PROMTOOL} --version failed: is Debian's prometheus installed? ${version.stderr ?? ''}`);
  const versionLine = (version.stdout || version.stderr).split('\n')[0];
  const oracle = ensureOracle();
  let changed = 0;
  const written = new Set();
  const put = (path, text) => {
    written.add(path);
    if (writeIfChanged(path, Buffer.from(text, 'utf8'))) changed++;
  };

  // 1. fixtures/lint/*.prom
  const names = readdirSync(LINT)
    .filter((f) => f.endsWith('.prom'))
    .sort();
  const inputs = names.map((f) => readFileSync(join(LINT, f)));
  const lintOracle = new OracleBatch(oracle, ['-out', 'lint']);
  const [promtoolResults, lintResults] = await Promise.all([
    runAll(inputs),
    Promise.all(inputs.map((b) => lintOracle.run(b))),
  ]);
  await lintOracle.close();
  names.forEach((f, i) => {
    const base = join(LINT, f.slice(0, -'.prom'.length));
    put(base + '.promtool.json', JSON.stringify(promtoolResults[i]) + '\n');
    const l = lintResults[i];
    put(base + (l.exit === 0 ? '.lint.json' : '.lint.err.json'), l.raw + '\n');
  });

  // 2. the corpus
  const corpus = [];
  for (const dir of ['valid', 'invalid']) {
    for (const f of readdirSync(join(ROOT, 'fixtures', dir))
      .filter((x) => x.endsWith('.prom'))
      .sort()) {
      corpus.push({ key: `fixtures/${dir}/${f}`, path: join(ROOT, 'fixtures', dir, f) });
    }
  }
  for (const path of walk(join(VENDOR, 'conformance')))
    corpus.push({ key: relative(ROOT, path).split('\\').join('/'), path });
  for (const f of readdirSync(join(VENDOR, 'bench-data'))
    .filter((x) => x.endsWith('.prom'))
    .sort()) {
    corpus.push({ key: `vendor/bench-data/${f}`, path: join(VENDOR, 'bench-data', f) });
  }
  const corpusInputs = corpus.map((c) => readFileSync(c.path));
  const corpusResults = await runAll(corpusInputs);
  const entries = corpus.map((c, i) => ({ input: c.key, sha256: sha256(corpusInputs[i]), ...corpusResults[i] }));
  const doc = { promtool: versionLine, inputs: entries };
  put(join(LINT, 'promtool-corpus.json'), JSON.stringify(doc, null, 1) + '\n');

  // Remove outputs whose input is gone.
  let removed = 0;
  for (const f of readdirSync(LINT)) {
    const path = join(LINT, f);
    if (f.endsWith('.prom') || f.endsWith('.md') || written.has(path)) continue;
    if (/\.(promtool|lint|lint\.err)\.json$/.test(f)) {
      rmSync(path);
      removed++;
    }
  }
  const counts = { 0: 0, 1: 0, 3: 0 };
  for (const e of entries) counts[e.exit] = (counts[e.exit] ?? 0) + 1;
  const random = entries.filter((e) => e.alternatives).length + promtoolResults.filter((r) => r.alternatives).length;
  console.log(`${versionLine}`);
  console.log(
    `lint fixtures: ${names.length}; corpus: ${entries.length} inputs (exit 0: ${counts[0]}, 1: ${counts[1]}, 3: ${counts[3]}); random answers: ${random}`,
  );
  console.log(`files: ${written.size} expected outputs, ${changed} written, ${removed} removed`);
  if (!existsSync(join(LINT, 'README.md'))) console.warn('fixtures/lint/README.md is missing');
}

await main();
