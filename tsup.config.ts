import { defineConfig } from 'tsup';

/** The library's entries: `promkit` and its subpaths (package.json `exports`). */
export const LIBRARY_ENTRIES = {
  index: 'src/index.ts',
  merge: 'src/merge/index.ts',
  store: 'src/store/index.ts',
  push: 'src/push/index.ts',
};

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
});
