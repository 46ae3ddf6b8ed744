// The dry run of `POST /api/v1/validate/…` (`--api.enable-validate`) at a given store size: the
// store's `check` (what the endpoint does now: costs the size of the push) against the anchor of a
// private copy of the store (`exportState` → `importState` → `submit`, the way a dry run without
// `check` has to work), in the same run, on a store filled with checked PUTs of small.prom.
//   npm run bench:validate [-- --groups 10000 --copies 5 --checks 2000]
import { OWN_FAMILIES } from '../src/gateway/telemetry/metrics.js';
import type { WriteRequest } from '../src/model/types.js';
import { parse } from '../src/parse/index.js';
import { createStore } from '../src/store/index.js';
import { corpusBytes, fmt, machineNote, repoRoot, table } from './lib/harness.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i < 0 ? fallback : Number.parseInt(process.argv[i + 1] ?? '', 10);
  if (!(v > 0)) throw new Error(`--${name}: expected a positive integer`);
  return v;
}

const groups = flag('groups', 10_000);
const copies = flag('copies', 5);
const checks = flag('checks', 2000);
const families = parse(corpusBytes(repoRoot(import.meta.url), 'small'));
const request = (i: number): WriteRequest => ({
  grouping: [
    { name: 'job', value: 'bench' },
    { name: 'instance', value: `i${i}` },
  ],
  mode: 'replace',
  families,
  receivedAt: 1_700_000_000_000 + i,
});

const store = createStore({ ownFamilies: OWN_FAMILIES });
for (let i = 0; i < groups; i++) store.commit(store.prepare(request(i)));

function perCall(n: number, f: (i: number) => void): number {
  f(0);
  const t = process.hrtime.bigint();
  for (let i = 1; i <= n; i++) f(i);
  return Number(process.hrtime.bigint() - t) / 1e6 / n;
}

const copyMs = perCall(copies, (i) => {
  const copy = createStore({ ownFamilies: OWN_FAMILIES });
  copy.importState(store.exportState());
  copy.commit(copy.prepare(request(i)));
});
const checkMs = perCall(checks, (i) => void store.check(request(i)));

console.log(`validate dry run, ${groups} groups of small.prom stored (${JSON.stringify(machineNote())})`);
console.log(
  table(
    ['dry run', 'ms per call', 'ratio to copy'],
    [
      ['copy of the store + submit (anchor)', fmt(copyMs), '1.00'],
      ['store.check (the endpoint)', fmt(checkMs), (checkMs / copyMs).toFixed(5)],
    ],
  ),
);
