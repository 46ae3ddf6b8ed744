import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileSystem } from './fs-layer.js';

/** File steps of crash-safe local storage, over an injectable {@link FileSystem}. */

/** Fsyncs a directory so that a rename or a new file in it survives a crash. Errors (file systems that refuse it) are ignored. */
export async function syncDir(fs: FileSystem, dir: string): Promise<void> {
  let fd: number | undefined;
  try {
    fd = await fs.open(dir, 'r');
    await fs.sync(fd);
  } catch {
    // Some file systems do not support fsync on directories.
  } finally {
    if (fd !== undefined) await fs.close(fd).catch(() => {});
  }
}

/** Writes all of `buf` at `position`, looping over short writes. */
export async function writeAt(fs: FileSystem, fd: number, buf: Uint8Array, position: number): Promise<void> {
  for (let off = 0; off < buf.length;) {
    const n = await fs.write(fd, off === 0 ? buf : buf.subarray(off), position + off);
    if (n <= 0) throw new Error('write made no progress');
    off += n;
  }
}

/**
 * Replaces `path` atomically with the given chunks (written in order):
 * writes `<path>.tmp-<pid>-<random>` (mode 0600) in the same directory,
 * syncs it, renames it over `path` and syncs the directory. On any failure
 * the temporary file is removed and `path` is untouched.
 */
export async function writeFileAtomic(fs: FileSystem, path: string, chunks: Iterable<Uint8Array>): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = await fs.open(tmp, 'wx', 0o600);
  try {
    let pos = 0;
    for (const chunk of chunks) {
      await writeAt(fs, fd, chunk, pos);
      pos += chunk.length;
    }
    await fs.sync(fd);
    await fs.close(fd);
  } catch (e) {
    await fs.close(fd).catch(() => {});
    await fs.unlink(tmp).catch(() => {});
    throw e;
  }
  try {
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.unlink(tmp).catch(() => {});
    throw e;
  }
  await syncDir(fs, dirname(path));
}

/** `<path>.refused-<time>` for a copy of a damaged file (a number is added if that exists). */
export async function refusedName(fs: FileSystem, path: string, now: Date): Promise<string> {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  let target = `${path}.refused-${stamp}`;
  for (let n = 1; await fs.exists(target); n++) target = `${path}.refused-${stamp}-${n}`;
  return target;
}

/** Files in the directory of `base` whose names are `<basename(base)><suffix>…`, as full paths with the rest of the name. */
export async function siblings(
  fs: FileSystem,
  base: string,
  suffix: string,
): Promise<{ path: string; rest: string }[]> {
  const dir = dirname(base);
  const prefix = basename(base) + suffix;
  const names = await fs.readdir(dir);
  return names.filter((n) => n.startsWith(prefix)).map((n) => ({ path: join(dir, n), rest: n.slice(prefix.length) }));
}
