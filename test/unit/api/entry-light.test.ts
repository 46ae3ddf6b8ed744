// `import { parse } from 'promkit'` stays light: the library entries are built as the package is
// (tsup, ESM, code splitting) and the chunks each entry loads at import time are read from the
// build's metafile. Dynamic imports (loaded on demand) are not followed.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { build } from 'tsup';
import { BUNDLED_PACKAGES, LIBRARY_ENTRIES } from '../../../tsup.config.js';
// @ts-expect-error: a plain script without types
import { BUNDLED, licenseText } from '../../../scripts/bundled-licenses.mjs';

interface Metafile {
  outputs: Record<
    string,
    { inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string; external?: boolean }> }
  >;
}

let dir: string;
let meta: Metafile;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promkit-entries-'));
  await build({
    config: false,
    entry: LIBRARY_ENTRIES,
    outDir: dir,
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    splitting: true,
    metafile: true,
    noExternal: BUNDLED_PACKAGES,
    dts: false,
    silent: true,
  });
  const name = readdirSync(dir).find((f) => f.startsWith('metafile') && f.endsWith('.json'));
  meta = JSON.parse(readFileSync(join(dir, name as string), 'utf8')) as Metafile;
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The source files and packages an entry loads when imported: its static import closure. */
function loadedBy(entry: string): { sources: string[]; packages: string[] } {
  const outputs = meta.outputs;
  const start = Object.keys(outputs).find((o) => o.endsWith(`/${entry}.js`)) as string;
  const seen = new Set<string>();
  const sources = new Set<string>();
  const packages = new Set<string>();
  const visit = (out: string): void => {
    if (seen.has(out)) return;
    seen.add(out);
    for (const s of Object.keys(outputs[out].inputs)) sources.add(s);
    for (const i of outputs[out].imports) {
      if (i.kind !== 'import-statement') continue;
      if (i.external) packages.add(i.path.split('/')[0]);
      else visit(Object.keys(outputs).find((o) => o === i.path || o.endsWith(i.path.replace(/^\.?\//, '/'))) ?? i.path);
    }
  };
  visit(start);
  return { sources: [...sources].sort(), packages: [...packages].sort() };
}

/** Whether the gateway has its own entry (`promkit/gateway`); until then the root re-exports it. */
const gatewayEntry = 'gateway' in LIBRARY_ENTRIES;

describe('library entries', () => {
  test('promkit loads the parsers and no CLI or bench code, and not benchmark', () => {
    const { sources, packages } = loadedBy('index');
    expect(sources.some((s) => s.startsWith('src/parse/'))).toBe(true);
    expect(sources.filter((s) => /^src\/(cli|bench)\//.test(s))).toEqual([]);
    expect(packages).not.toContain('benchmark');
  });

  test('chevrotain and lodash-es are bundled, and every bundled package has its licence in THIRD-PARTY-LICENSES.txt', () => {
    const { packages } = loadedBy('index');
    expect(packages.filter((p) => p === 'chevrotain' || p.startsWith('@chevrotain') || p === 'lodash-es')).toEqual([]);
    const bundled = new Set<string>();
    for (const out of Object.values(meta.outputs))
      for (const input of Object.keys(out.inputs)) {
        const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
        if (m) bundled.add(m[1]);
      }
    expect(bundled.has('chevrotain')).toBe(true);
    expect([...bundled].filter((p) => !(BUNDLED as string[]).includes(p))).toEqual([]);
    const text = licenseText() as string;
    for (const name of BUNDLED as string[]) expect(text).toMatch(new RegExp(`^${name} \\d+\\.\\d+\\.\\d+ \\(`, 'm'));
  });

  test.skipIf(!gatewayEntry)('promkit loads no gateway, store or push code, and not bcrypt or yaml', () => {
    const { sources, packages } = loadedBy('index');
    expect(sources.filter((s) => /^src\/(gateway|store|storage|push)\//.test(s))).toEqual([]);
    expect(packages.filter((p) => ['bcryptjs', 'yaml'].includes(p))).toEqual([]);
  });

  test.each([
    ['merge', 'src/merge/'],
    ['store', 'src/store/'],
    ['push', 'src/push/'],
  ])('promkit/%s loads its stage and no gateway, CLI or bench code', (entry, stage) => {
    const { sources, packages } = loadedBy(entry);
    expect(sources.some((s) => s.startsWith(stage))).toBe(true);
    expect(sources.filter((s) => /^src\/(gateway|cli|bench)\//.test(s))).toEqual([]);
    expect(packages.filter((p) => ['bcryptjs', 'yaml', 'benchmark'].includes(p))).toEqual([]);
  });
});
