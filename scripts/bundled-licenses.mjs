// Writes dist/THIRD-PARTY-LICENSES.txt: the licence of every package that the build bundles into
// dist/ (tsup.config.ts `noExternal`), read from node_modules, so that the published files carry
// them. Run by tsup after each build.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The packages bundled into dist/: chevrotain and the packages it depends on. */
export const BUNDLED = [
  'chevrotain',
  '@chevrotain/cst-dts-gen',
  '@chevrotain/gast',
  '@chevrotain/regexp-to-ast',
  '@chevrotain/types',
  '@chevrotain/utils',
  'lodash-es',
];

/** The text of the licences of `names`, each under a header with its name, version and licence id. */
export function licenseText(names = BUNDLED) {
  const parts = ['promkit bundles the following packages into these files. Their licences follow.', ''];
  for (const name of names) {
    const dir = join(root, 'node_modules', name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^licen[cs]e(\.(txt|md))?$/i.test(f));
    if (file === undefined) throw new Error(`no licence file in ${dir}`);
    parts.push('='.repeat(72), `${pkg.name} ${pkg.version} (${pkg.license})`, '='.repeat(72), '');
    parts.push(readFileSync(join(dir, file), 'utf8').trimEnd(), '');
  }
  return parts.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(root, 'dist', 'THIRD-PARTY-LICENSES.txt');
  if (!existsSync(dirname(out))) throw new Error('dist/ does not exist: build first');
  writeFileSync(out, licenseText());
}
