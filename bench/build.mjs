#!/usr/bin/env node
// Builds the repository's bench entry points (bench/bench.ts and bench/<name>.bench.ts) into
// bench/.build/<name>.js with tsup, so that `npm run bench*` measures the current sources without
// `npm run build`. Each entry is bundled with the sources it imports; packages stay external and load
// from node_modules.
//   node bench/build.mjs
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const benchDir = dirname(fileURLToPath(import.meta.url));
export const buildDir = join(benchDir, '.build');

/** The entries: `bench` (every stage of `promkit bench`) and one per bench file. */
export const ENTRIES = [
  'bench',
  'parse',
  'serialize',
  'merge',
  'gateway',
  'gateway-bodies',
  'status-page',
  'validate',
  'gateway-floor',
  'etcd',
  'hardening',
];

/** Builds the entries; returns the path of each built file by entry name. */
export async function buildBench() {
  const pkg = JSON.parse(readFileSync(join(benchDir, '..', 'package.json'), 'utf8'));
  await build({
    config: false,
    entry: Object.fromEntries(ENTRIES.map((e) => [e, join(benchDir, e === 'bench' ? 'bench.ts' : `${e}.bench.ts`)])),
    outDir: buildDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    bundle: true,
    splitting: false,
    sourcemap: true,
    // Maps name the sources without copying them in: the built files stay small and self-contained.
    esbuildOptions(o) {
      o.sourcesContent = false;
    },
    clean: true,
    dts: false,
    external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})],
    silent: true,
  });
  return Object.fromEntries(ENTRIES.map((e) => [e, join(buildDir, `${e}.js`)]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.error(`built ${Object.values(await buildBench()).join(', ')}`);
}
