import * as fs from 'node:fs';

/**
 * The file-system calls local storage makes, behind one interface so that
 * tests can inject faults (ENOSPC, EIO, EACCES, short and torn writes).
 * {@link nodeFs} is the real one.
 */
export interface FileSystem {
  /** Opens a file; returns its descriptor. */
  open(path: string, flags: string, mode?: number): Promise<number>;
  /** Writes `buf` at `position`; returns the bytes written (may be fewer). */
  write(fd: number, buf: Uint8Array, position: number): Promise<number>;
  /** Flushes a file's data (fdatasync) or, for a directory descriptor, its entries (fsync). */
  sync(fd: number): Promise<void>;
  truncate(fd: number, length: number): Promise<void>;
  close(fd: number): Promise<void>;
  readFile(path: string): Promise<Buffer>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
  /** Whether `path` exists (false for ENOENT; other errors are thrown). */
  exists(path: string): Promise<boolean>;
}

function call<T>(f: (cb: (err: NodeJS.ErrnoException | null, v: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => f((err, v) => (err ? reject(err) : resolve(v))));
}

/** The real file system. */
export const nodeFs: FileSystem = {
  open: (path, flags, mode) => call((cb) => fs.open(path, flags, mode, cb)),
  write: (fd, buf, position) => call((cb) => fs.write(fd, buf, 0, buf.length, position, cb)),
  sync: (fd) =>
    call<void>((cb) =>
      fs.fdatasync(fd, (err) => {
        // Directories: some systems refuse fdatasync but accept fsync.
        if (err && (err.code === 'EINVAL' || err.code === 'EBADF' || err.code === 'EISDIR'))
          fs.fsync(fd, (e) => cb(e, undefined));
        else cb(err, undefined);
      }),
    ),
  truncate: (fd, length) => call<void>((cb) => fs.ftruncate(fd, length, (e) => cb(e, undefined))),
  close: (fd) => call<void>((cb) => fs.close(fd, (e) => cb(e, undefined))),
  readFile: (path) => fs.promises.readFile(path),
  rename: (from, to) => fs.promises.rename(from, to),
  unlink: (path) => fs.promises.unlink(path),
  copyFile: (from, to) => fs.promises.copyFile(from, to, fs.constants.COPYFILE_EXCL),
  readdir: (dir) => fs.promises.readdir(dir),
  exists: async (path) => {
    try {
      await fs.promises.stat(path);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  },
};
