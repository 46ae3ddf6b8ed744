#!/usr/bin/env node
// Regenerates expected.json: what the reference serializers (expfmt 0.39, through
// expfmt-oracle -in json) write for every model in cases.json.
//   node test/unit/serialize/gen-expected.mjs [path/to/expfmt-oracle]
// The oracle is $PROMKIT_ORACLE, the argument, or .oracle/expfmt-oracle.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..', '..');
const oracle = process.env.PROMKIT_ORACLE || process.argv[2] || join(root, '.oracle', 'expfmt-oracle');
const cases = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8'));

function run(out) {
  const input = cases.map((c, i) => JSON.stringify({ id: i, input: JSON.stringify(c.doc) })).join('\n') + '\n';
  const r = spawnSync(oracle, ['-in', 'json', '-out', out, '-batch'], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${oracle} -out ${out}: exit ${r.status} ${r.stderr}`);
  const byId = new Map(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .map((l) => [l.id, l]),
  );
  return cases.map((_, i) => byId.get(i));
}

const outs = { text: run('text'), openmetrics: run('openmetrics'), proto: run('proto') };
const expected = {};
cases.forEach((c, i) => {
  const e = {};
  for (const [k, rows] of Object.entries(outs)) {
    const r = rows[i].result;
    e[k] = r.error !== undefined ? { error: r.error } : k === 'proto' ? { base64: r.output_base64 } : { text: r.text };
  }
  expected[c.name] = e;
});
writeFileSync(join(here, 'expected.json'), JSON.stringify(expected, null, 1) + '\n');
console.error(`wrote ${Object.keys(expected).length} cases to ${join(here, 'expected.json')}`);
