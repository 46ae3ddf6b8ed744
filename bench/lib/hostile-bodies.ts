// Hostile request bodies for the gateway benches, and a one-shot sender that sends a body byte for byte.
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { snappyBomb, snappyForgedLength } from '../../test/helpers/snappy-frames.js';

/** One hostile push: where it goes, its headers and its bytes on the wire. */
export interface BodyCase {
  name: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** A snappy-framed body decoding to `mib` MiB of `#` (330 MiB: about 16 MiB on the wire). */
export function snappyBombCase(mib = 330): BodyCase {
  const body = snappyBomb(mib);
  return {
    name: `snappy ${(body.length / 1048576).toFixed(1)} MiB body (decodes to ~${mib} MiB)`,
    path: '/metrics/job/bomb',
    headers: { 'Content-Encoding': 'snappy' },
    body,
  };
}

/** The bodies of `npm run bench:gateway-bodies`. */
export function hostileBodies(): BodyCase[] {
  const hashLine = (n: number): Buffer => Buffer.alloc(n, 0x23);
  return [
    snappyBombCase(330),
    {
      name: 'snappy forged 16 GiB length',
      path: '/metrics/job/forged',
      headers: { 'Content-Encoding': 'snappy' },
      body: snappyForgedLength(2 ** 34),
    },
    {
      name: 'gzip bomb (1 GiB decoded)',
      path: '/metrics/job/gzbomb',
      headers: { 'Content-Encoding': 'gzip' },
      body: gzipSync(hashLine(1024 * 1024 * 1024)),
    },
    {
      name: 'gzip 16 MiB push',
      path: '/metrics/job/gz16',
      headers: { 'Content-Encoding': 'gzip' },
      body: gzipSync(Buffer.concat([hashLine(16 * 1024 * 1024), Buffer.from('\nup 1\n')])),
    },
  ];
}

/** Sends `c` once as `method` (default PUT) on a fresh connection; resolves to the status (0: no answer). */
export function sendBody(url: string, c: BodyCase, method = 'PUT', timeoutMs = 300_000): Promise<number> {
  const u = new URL(c.path, url);
  return new Promise((resolve) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method,
        agent: false,
        headers: { ...c.headers, 'Content-Length': c.body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(c.body);
  });
}
