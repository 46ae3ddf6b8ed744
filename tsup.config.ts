import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'cli/main': 'src/cli/main.ts',
    merge: 'src/merge/index.ts',
    store: 'src/store/index.ts',
    gateway: 'src/gateway/index.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: {
    entry: {
      index: 'src/index.ts',
      merge: 'src/merge/index.ts',
      store: 'src/store/index.ts',
      gateway: 'src/gateway/index.ts',
    },
  },
  sourcemap: true,
  clean: true,
  splitting: true,
  shims: false,
});
