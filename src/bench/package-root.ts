import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The nearest directory at or above `from` whose package.json is named `promkit` (the repository, or
 * the installed package), with its version; undefined when there is none.
 */
export function findPromkitRoot(from: string): { root: string; version: string | undefined } | undefined {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
        if (json.name === 'promkit') return { root: dir, version: json.version };
      } catch {
        // not a package.json we can read: keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
