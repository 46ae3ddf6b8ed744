import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** fixtures/lint. */
export const LINT_FIXTURES = join(ROOT, 'fixtures', 'lint');

/** One fixtures/lint/<name>.prom input. */
export interface LintFixture {
  name: string;
  path: string;
  input: Buffer;
  /** CLI arguments from a first line `# promkit-lint: <args>`, else []. */
  args: string[];
}

/** Every fixtures/lint/*.prom, sorted by name. */
export function lintFixtures(): LintFixture[] {
  return readdirSync(LINT_FIXTURES)
    .filter((f) => f.endsWith('.prom'))
    .sort()
    .map((f) => {
      const path = join(LINT_FIXTURES, f);
      const input = readFileSync(path);
      const first = input.toString('utf8').split('\n', 1)[0];
      const m = /^# promkit-lint: (.*)$/.exec(first);
      return { name: f.slice(0, -'.prom'.length), path, input, args: m ? m[1].trim().split(/\s+/) : [] };
    });
}

/** The recorded promtool result of a fixture or corpus input. */
export interface PromtoolRecord {
  exit: number;
  stderr?: string;
  stderr_base64?: string;
  alternatives?: PromtoolRecord[];
}

/** promtool's standard error of a record, as bytes. */
export function recordBytes(r: PromtoolRecord): Buffer {
  return r.stderr !== undefined ? Buffer.from(r.stderr, 'utf8') : Buffer.from(r.stderr_base64 ?? '', 'base64');
}
