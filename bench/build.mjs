#!/usr/bin/env node
// Builds the repository's bench entry point (bench/bench.ts) into bench/.build/bench.js with tsup, so
// that `npm run bench` measures the current sources without `npm run build`. The entry is bundled with
// the sources it imports; packages stay external and load from node_modules.
//   node bench/build.mjs
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const benchDir = dirname(fileURLToPath(import.meta.url));
export const buildDir = join(benchDir, '.build');

/** Builds bench/bench.ts; returns the path of the built file. */
export async function buildBench() {
  const pkg = JSON.parse(readFileSync(join(benchDir, '..', 'package.json'), 'utf8'));
  await build({
    config: false,
    entry: { bench: join(benchDir, 'bench.ts') },
    outDir: buildDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    bundle: true,
    splitting: false,
    sourcemap: true,
    clean: true,
    dts: false,
    external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})],
    silent: true,
  });
  return join(buildDir, 'bench.js');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.error(`built ${await buildBench()}`);
}
