#!/usr/bin/env node
// Builds the bench entry points (bench/<name>.bench.ts) into bench/.build/<name>.bench.js with tsup.
//   node bench/build.mjs [name…]     # default: every bench/*.bench.ts
// Each entry is bundled with the sources it imports; runtime packages (benchmark, chevrotain) stay
// external and load from node_modules. tsup.config.ts (the package build) is not used.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const benchDir = dirname(fileURLToPath(import.meta.url));
export const buildDir = join(benchDir, '.build');

/** Names of every bench/<name>.bench.ts, sorted. */
export function benchNames() {
  return readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.slice(0, -'.bench.ts'.length))
    .sort();
}

/** Builds the named benches (all when `names` is empty); returns the built file paths in name order. */
export async function buildBenches(names = []) {
  const known = benchNames();
  const selected = names.length === 0 ? known : names;
  for (const n of selected) {
    if (!known.includes(n)) throw new Error(`no bench/${n}.bench.ts (known: ${known.join(', ')})`);
  }
  await build({
    config: false,
    entry: Object.fromEntries(selected.map((n) => [`${n}.bench`, join(benchDir, `${n}.bench.ts`)])),
    outDir: buildDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    bundle: true,
    splitting: false,
    sourcemap: true,
    clean: names.length === 0,
    dts: false,
    external: ['benchmark', 'chevrotain'],
    silent: true,
  });
  return selected.map((n) => join(buildDir, `${n}.bench.js`));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = await buildBenches(process.argv.slice(2));
  for (const f of files) console.error(`built ${f}`);
}
