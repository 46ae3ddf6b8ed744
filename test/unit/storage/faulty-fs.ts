import { nodeFs, type FileSystem } from '../../../src/storage/local/fs-layer.js';

/** An errno error as node:fs throws it. */
export function errno(code: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: injected fault`) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

/** What a fault rule can match: the call and the path (descriptor calls carry the path they were opened with). */
export type Call = 'open' | 'write' | 'sync' | 'truncate' | 'readFile' | 'rename' | 'copyFile' | 'readdir' | 'exists';

/**
 * The real file system with injectable faults: while `fault(call, path)`
 * returns an error code the call fails with it; a write that fails first
 * writes half of its bytes (a torn write, as a full disk leaves it).
 */
export function faultyFs(): FileSystem & { fault: (call: Call, path: string) => string | undefined } {
  const paths = new Map<number, string>();
  const self = {
    fault: (() => undefined) as (call: Call, path: string) => string | undefined,
    open: async (path: string, flags: string, mode?: number) => {
      const code = self.fault('open', path);
      if (code) throw errno(code);
      const fd = await nodeFs.open(path, flags, mode);
      paths.set(fd, path);
      return fd;
    },
    write: async (fd: number, buf: Uint8Array, position: number) => {
      const code = self.fault('write', paths.get(fd) ?? '');
      if (code) {
        if (buf.length > 1) await nodeFs.write(fd, buf.subarray(0, buf.length >> 1), position);
        throw errno(code);
      }
      return nodeFs.write(fd, buf, position);
    },
    sync: async (fd: number) => {
      const code = self.fault('sync', paths.get(fd) ?? '');
      if (code) throw errno(code);
      return nodeFs.sync(fd);
    },
    truncate: async (fd: number, length: number) => {
      const code = self.fault('truncate', paths.get(fd) ?? '');
      if (code) throw errno(code);
      return nodeFs.truncate(fd, length);
    },
    close: async (fd: number) => {
      paths.delete(fd);
      return nodeFs.close(fd);
    },
    readFile: async (path: string) => {
      const code = self.fault('readFile', path);
      if (code) throw errno(code);
      return nodeFs.readFile(path);
    },
    rename: async (from: string, to: string) => {
      const code = self.fault('rename', to);
      if (code) throw errno(code);
      return nodeFs.rename(from, to);
    },
    unlink: (path: string) => nodeFs.unlink(path),
    copyFile: async (from: string, to: string) => {
      const code = self.fault('copyFile', to);
      if (code) throw errno(code);
      return nodeFs.copyFile(from, to);
    },
    readdir: async (dir: string) => {
      const code = self.fault('readdir', dir);
      if (code) throw errno(code);
      return nodeFs.readdir(dir);
    },
    exists: async (path: string) => {
      const code = self.fault('exists', path);
      if (code) throw errno(code);
      return nodeFs.exists(path);
    },
  };
  return self;
}
