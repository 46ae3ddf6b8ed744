// `npm ci` / `npm install` in a checkout (the `prepare` script):
//
//   1. builds dist/ with tsup, unless dist/ is newer than every source file
//      (npx, below, runs this script again on every call);
//   2. links the package's own `promkit` command into node_modules/.bin.
//
// npm links the commands of dependencies only. `npx promkit` in a checkout
// runs the package itself: npm 11 packs this folder into its cache (running
// `prepare` first) and runs the command from there, older npm versions run
// node_modules/.bin/promkit. Either way the checkout's build is what runs.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['src', 'grammar', 'package.json', 'tsconfig.json', 'tsup.config.ts'];
const OUTPUTS = ['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/merge.js', 'dist/store.js'];

/** Latest modification time of a file or of every file under a folder. */
function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function upToDate() {
  const outputs = OUTPUTS.map((p) => join(root, p));
  if (!outputs.every((p) => existsSync(p))) return false;
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  return SOURCES.every((p) => !existsSync(join(root, p)) || newest(join(root, p)) < built);
}

if (upToDate()) {
  console.error('dist/ is up to date');
} else {
  const r = spawnSync('tsup', [], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (existsSync(join(root, 'node_modules'))) {
  const bins = join(root, 'node_modules', '.bin');
  const { bin } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  mkdirSync(bins, { recursive: true });
  for (const [name, target] of Object.entries(bin)) {
    const link = join(bins, name);
    rmSync(link, { force: true });
    symlinkSync(relative(bins, join(root, target)), link);
    chmodSync(join(root, target), 0o755);
  }
}
