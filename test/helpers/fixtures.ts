import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Third-party test data kept in the repository (`vendor/README.md`). */
export const VENDOR = join(ROOT, 'vendor');

/** One input with the oracle's expected output prefix. */
export interface FixtureCase {
  name: string;
  input: Buffer;
  /** Path prefix of the expected files (`<prefix>.json`, `<prefix>.err.json`, `<prefix>.text`, ...). */
  expected: string;
  accepted: boolean;
}

/** Reads an expected file if it exists. */
export function readExpected(prefix: string, ext: string): Buffer | undefined {
  const path = `${prefix}${ext}`;
  return existsSync(path) ? readFileSync(path) : undefined;
}

/** Every own fixture (`fixtures/valid`, `fixtures/invalid`). */
export function ownFixtures(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const kind of ['valid', 'invalid'] as const) {
    const dir = join(ROOT, 'fixtures', kind);
    for (const f of readdirSync(dir)
      .filter((f) => f.endsWith('.prom'))
      .sort()) {
      const stem = f.slice(0, -'.prom'.length);
      cases.push({
        name: `${kind}/${stem}`,
        input: readFileSync(join(dir, f)),
        expected: join(dir, stem),
        accepted: kind === 'valid',
      });
    }
  }
  return cases;
}

/** Every public conformance input listed in `fixtures/conformance/index.json` (inputs under vendor/). */
export function conformanceFixtures(): FixtureCase[] {
  const index = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'conformance', 'index.json'), 'utf8')) as {
    input: string;
    expected: string;
    accepted: boolean;
  }[];
  return index.map((e) => ({
    name: e.input,
    input: readFileSync(join(ROOT, e.input)),
    expected: join(ROOT, e.expected),
    accepted: e.accepted,
  }));
}
