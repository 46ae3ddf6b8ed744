import { defineConfig } from 'tsup';

/** The library's entries: `promkit` and its subpaths (package.json `exports`). */
export const LIBRARY_ENTRIES = {
  index: 'src/index.ts',
  merge: 'src/merge/index.ts',
  store: 'src/store/index.ts',
  push: 'src/push/index.ts',
  gateway: 'src/gateway/index.ts',
};

/**
 * Packages bundled into dist/ instead of imported from node_modules at run time. Chevrotain is an
 * ES module tree of hundreds of small files (its lodash-es alone has over 600): loading them one by
 * one was most of the CLI's start-up. Their licences go to dist/THIRD-PARTY-LICENSES.txt
 * (scripts/bundled-licenses.mjs).
 */
export const BUNDLED_PACKAGES = ['chevrotain', /^@chevrotain\//, 'lodash-es'];

export default defineConfig({
  entry: { ...LIBRARY_ENTRIES, 'cli/main': 'src/cli/main.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: { entry: LIBRARY_ENTRIES },
  sourcemap: true,
  clean: true,
  splitting: true,
  shims: false,
  noExternal: BUNDLED_PACKAGES,
  onSuccess: 'node scripts/bundled-licenses.mjs',
});
