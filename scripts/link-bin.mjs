// Run by `npm ci` / `npm install` (the `prepare` script, after the build): links
// the package's own `promkit` command into node_modules/.bin, so that
// `npx promkit …` in a clone runs this checkout's build at once. (npm links
// the bins of dependencies only; without the link, npx installs the project
// into its cache and builds it again first.) Does nothing outside a checkout
// with node_modules, e.g. when npm prepares a git dependency elsewhere.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, chmodSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bins = join(root, 'node_modules', '.bin');
if (existsSync(join(root, 'node_modules'))) {
  const { bin } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  mkdirSync(bins, { recursive: true });
  for (const [name, target] of Object.entries(bin)) {
    const link = join(bins, name);
    const file = join(root, target);
    rmSync(link, { force: true });
    symlinkSync(relative(bins, file), link);
    chmodSync(file, 0o755);
  }
}
