// A scrape's body is handed to the socket whole: a client that stops reading holds only its own
// connection. Others are scraped and pushes answered meanwhile, and the stalled client, once it reads
// again, gets the whole body, exactly as long as its Content-Length, and parseable.
import { connect } from 'node:net';
import { describe, expect, test } from 'vitest';
import { parse } from '../../../src/parse/index.js';
import { startFeatureGateway } from './features/helpers.js';

const SERIES = 40_000;

/** Sends a GET for `path` on a raw connection and stops reading at once; `read()` reads the whole answer. */
function stalledGet(url: string, path: string) {
  const { hostname, port } = new URL(url);
  const socket = connect(+port, hostname);
  socket.pause();
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
  const read = (): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', () => resolve(Buffer.concat(chunks)));
      socket.on('error', reject);
      socket.resume();
    });
  return { socket, read };
}

describe('a scrape whose client stops reading', () => {
  test('does not hold up other scrapes or pushes, and gets its whole body once it reads', async () => {
    const g = await startFeatureGateway({});
    try {
      const big = Array.from({ length: SERIES }, (_, i) => `big{i="${i}",pad="é✓${'x'.repeat(60)}"} ${i}`);
      expect((await g.req('PUT', '/metrics/job/big', big.join('\n') + '\n')).status).toBe(200);
      const stalled = stalledGet(g.base, '/metrics');
      // Let the gateway answer it (the body is more than the socket takes while nobody reads).
      await new Promise((r) => setTimeout(r, 200));

      const other = await g.req('GET', '/metrics');
      expect(other.status).toBe(200);
      expect(other.body).toContain(`big{i="${SERIES - 1}",`);
      expect((await g.req('PUT', '/metrics/job/small', 'small_value 1\n')).status).toBe(200);
      expect((await g.req('GET', '/metrics')).body).toContain('small_value{instance="",job="small"} 1\n');

      const answer = await stalled.read();
      const split = answer.indexOf('\r\n\r\n');
      const head = answer.subarray(0, split).toString('latin1');
      const body = answer.subarray(split + 4);
      expect(head).toMatch(/^HTTP\/1\.1 200 /);
      expect(body.length).toBeGreaterThan(4 * 1024 * 1024);
      expect(head).toContain(`Content-Length: ${body.length}\r\n`);
      const families = parse(body.toString('utf8'));
      expect(families.find((f) => f.name === 'big')?.metrics).toHaveLength(SERIES);
      // The stored family is byte for byte the one the other scrape got.
      const stored = (text: string): string => text.slice(text.indexOf('\nbig{'), text.lastIndexOf('\nbig{'));
      expect(stored(body.toString('utf8')).length).toBeGreaterThan(4 * 1024 * 1024);
      expect(stored(body.toString('utf8'))).toBe(stored(other.body));
    } finally {
      await g.stop();
    }
  });
});
