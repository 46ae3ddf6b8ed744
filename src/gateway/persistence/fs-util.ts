import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open, readFile, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** File-system steps of crash-safe persistence. */

/** Fsyncs a directory so that a rename or a new file in it survives a crash. Errors (e.g. on file systems that refuse it) are ignored. */
export function fsyncDirSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems do not support fsync on directories.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes a whole string at the file position (looping over short writes). */
async function writeAll(fh: FileHandle, text: string): Promise<void> {
  const buf = Buffer.from(text, 'utf8');
  for (let off = 0; off < buf.length;) off += (await fh.write(buf, off)).bytesWritten;
}

/**
 * Replaces `path` atomically with `data` (bytes, a string, or string pieces
 * written in order, about 1 MiB at a time): writes
 * `<path>.tmp-<pid>-<random>` (mode 0600) in the same directory, fsyncs it,
 * renames it over `path` and fsyncs the directory. On failure the temporary
 * file is removed and the old `path` is untouched.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<string>): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fh = await open(tmp, 'wx', 0o600);
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) {
      await fh.writeFile(data);
    } else {
      let batch: string[] = [];
      let size = 0;
      for (const piece of data) {
        batch.push(piece);
        size += piece.length;
        if (size >= 1 << 20) {
          await writeAll(fh, batch.join(''));
          batch = [];
          size = 0;
        }
      }
      if (batch.length > 0) await writeAll(fh, batch.join(''));
    }
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  fsyncDirSync(dirname(path));
}

/**
 * Moves a damaged or unreadable file aside as `<path>.refused-<time>` (a
 * number is added if that exists) and returns the new path. The file is
 * never overwritten or deleted.
 */
export async function setAside(path: string, now = new Date()): Promise<string> {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  let target = `${path}.refused-${stamp}`;
  for (let n = 1; await exists(target); n++) target = `${path}.refused-${stamp}-${n}`;
  await rename(path, target);
  fsyncDirSync(dirname(path));
  return target;
}

/**
 * Keeps a durable copy of `bytes` (a file's content) as `<path><suffix>`
 * and returns its path. A copy already there with the same bytes is reused
 * (a start cut short after copying); one with other bytes is left alone and
 * a number is added to the new name.
 */
export async function keepCopy(path: string, suffix: string, bytes: Uint8Array): Promise<string> {
  let target = `${path}${suffix}`;
  for (let n = 1; await exists(target); n++) {
    if (Buffer.from(bytes).equals(await readFile(target))) return target;
    target = `${path}${suffix}-${n}`;
  }
  await writeFileAtomic(target, bytes);
  return target;
}

/** Whether `path` exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Files in the directory of `base` whose names are `<basename(base)><suffix>…`, as full paths with the rest of the name. */
export async function siblings(base: string, suffix: string): Promise<{ path: string; rest: string }[]> {
  const dir = dirname(base);
  const prefix = basename(base) + suffix;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n.startsWith(prefix)).map((n) => ({ path: join(dir, n), rest: n.slice(prefix.length) }));
}
