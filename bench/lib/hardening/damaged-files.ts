// Scenario "damaged files": a state of N groups, then (a) the snapshot unreadable, (b) one bit flipped in
// the snapshot, (c) a record's length field damaged in the middle of the journal. promkit must refuse to
// start on (a) and (b) with a clear message and leave the file as it was (nothing is lost: once the file is
// readable again, or the bit restored, every group is back), and on (c) start with every intact record and
// keep a `.refused-…` copy. The Pushgateway gets one flipped byte in its persistence file.
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { send } from '../../../scripts/gen-gateway-fixtures.lib.mjs';
import { groupJobs } from '../../../test/helpers/full-disk.js';
import { JOURNAL_MAGIC, SYNC } from '../../../src/storage/local/journal-format.js';
import type { ServerProcess } from '../harness.js';
import { tryStart } from './servers.js';
import type { HardeningContext, HardeningRow, Launcher, RunAs } from './types.js';

/** The user a root run starts promkit as, so that a file with mode 000 is unreadable to it. */
const NOBODY: RunAs = { uid: 65534, gid: 65534 };

/** A fresh directory holding `file` with `groups` groups pushed to a server of `l`; `kill` stops it with SIGKILL. */
async function stateOf(
  ctx: HardeningContext,
  l: Launcher,
  groups: number,
  how: 'stop' | 'kill',
  as?: RunAs,
): Promise<{ dir: string; file: string }> {
  const dir = mkdtempSync(join(ctx.dir, `${l.name}-files-`));
  if (as) chownSync(dir, as.uid, as.gid);
  const file = join(dir, 'state');
  const s = await l.start(file, [], as);
  try {
    for (let i = 0; i < groups; i++) {
      const r = await send(s.url, { method: 'PUT', path: `/metrics/job/g${i}`, body: `# TYPE x gauge\nx ${i}\n` });
      if (r.status >= 300) throw new Error(`${l.name}: push ${i} answered ${r.status}`);
    }
    if (how === 'kill') s.child.kill('SIGKILL');
  } finally {
    await s.stop(10_000);
  }
  return { dir, file };
}

/** The error line of a refused start, without its time stamp and temp directory, shortened. */
function said(text: string, dir: string): string {
  const line = text.split(/\s*\n\s*|(?=ts=)/).find((l) => /level=error/.test(l)) ?? text;
  const short = line
    .replace(/^ts=\S+\s+/, '')
    .split(dir)
    .join('…')
    .trim();
  return short.length > 220 ? `${short.slice(0, 217)}…` : short;
}

/** Starts `l` on `file` and tells what happened: refused with what message, or the groups it serves. */
async function outcome(
  ctx: HardeningContext,
  l: Launcher,
  file: string,
  as?: RunAs,
): Promise<{ refused: string } | { groups: number; said: string }> {
  const r = await tryStart(l, file, [], as);
  if ('refused' in r) return { refused: said(r.refused, ctx.dir) };
  const s: ServerProcess = r.server;
  try {
    return { groups: (await groupJobs(s.url)).length, said: s.stderr().trim() ? said(s.stderr(), ctx.dir) : '' };
  } finally {
    await s.stop(10_000);
  }
}

/**
 * Flips the lowest bit of one byte of `file` near its middle; with `inDigits`, of a digit that follows a
 * digit (so that a JSON file stays valid JSON with one value changed). Returns the bytes before.
 */
function flipBit(file: string, inDigits: boolean): Buffer {
  const before = readFileSync(file);
  const after = Buffer.from(before);
  const isDigit = (i: number): boolean => after[i] >= 0x30 && after[i] <= 0x39;
  let at = after.length >> 1;
  if (inDigits) while (at < after.length && !(isDigit(at) && isDigit(at - 1))) at++;
  if (at >= after.length) throw new Error(`no digit pair after the middle of ${file}`);
  after[at] ^= 0x01;
  writeFileSync(file, after);
  return before;
}

async function unreadableSnapshot(ctx: HardeningContext, n: number): Promise<HardeningRow> {
  // Root reads any file: the server then runs as nobody, whose file has mode 000.
  const as = process.getuid?.() === 0 ? NOBODY : undefined;
  const { file } = await stateOf(ctx, ctx.promkit, n, 'stop', as);
  const bytes = readFileSync(file);
  chmodSync(file, 0o000);
  const r = await outcome(ctx, ctx.promkit, file, as);
  chmodSync(file, 0o600);
  const unchanged = readFileSync(file).equals(bytes);
  const again = await outcome(ctx, ctx.promkit, file, as);
  const back = 'groups' in again ? again.groups : 0;
  return {
    scenario: `(a) snapshot unreadable (mode 000${as ? ', server as nobody' : ''}), ${n} groups`,
    promkit:
      ('refused' in r ? `refuses to start: ${r.refused}` : `started with ${r.groups} groups`) +
      `; file ${unchanged ? 'unchanged' : 'CHANGED'}; readable again: ${back}/${n} groups`,
    pushgateway: 'not run',
    expected: `refuses to start with the reason; file unchanged; all ${n} groups back once readable`,
    pass: 'refused' in r && /EACCES|permission/i.test(r.refused) && unchanged && back === n,
  };
}

async function flippedSnapshot(ctx: HardeningContext, n: number): Promise<HardeningRow> {
  const { file } = await stateOf(ctx, ctx.promkit, n, 'stop');
  const bytes = flipBit(file, true);
  const flipped = readFileSync(file);
  const r = await outcome(ctx, ctx.promkit, file);
  const unchanged = readFileSync(file).equals(flipped);
  writeFileSync(file, bytes);
  const again = await outcome(ctx, ctx.promkit, file);
  const back = 'groups' in again ? again.groups : 0;
  let pg = ctx.noPushgateway;
  if (ctx.pushgateway) {
    const p = await stateOf(ctx, ctx.pushgateway, n, 'stop');
    flipBit(p.file, false);
    const o = await outcome(ctx, ctx.pushgateway, p.file);
    pg =
      'refused' in o
        ? `does not start: ${o.refused}`
        : `starts, serves ${o.groups}/${n} groups${o.said ? `; says: ${o.said}` : ', says nothing'}`;
  }
  return {
    scenario: `(b) one bit flipped in the snapshot, ${n} groups`,
    promkit:
      ('refused' in r ? `refuses to start: ${r.refused}` : `started with ${r.groups} groups`) +
      `; file ${unchanged ? 'unchanged' : 'CHANGED'}; bit restored: ${back}/${n} groups`,
    pushgateway: pg,
    expected: `refuses to start with the reason; file unchanged; all ${n} groups back once restored`,
    pass: 'refused' in r && /state file/.test(r.refused) && unchanged && back === n,
  };
}

/** Offsets of the journal's version 2 records (each starts with the sync marker). */
function recordOffsets(bytes: Buffer): number[] {
  const out: number[] = [];
  for (let at = bytes.indexOf(SYNC, JOURNAL_MAGIC.length); at >= 0; at = bytes.indexOf(SYNC, at + 1)) out.push(at);
  return out;
}

async function damagedJournal(ctx: HardeningContext, n: number): Promise<HardeningRow> {
  const { dir, file } = await stateOf(ctx, ctx.promkit, n, 'kill');
  const journal = readdirSync(dir).find((f) => /^state\.journal\.\d+$/.test(f));
  if (journal === undefined) throw new Error(`no journal in ${dir} after SIGKILL: ${readdirSync(dir).join(', ')}`);
  const bytes = readFileSync(join(dir, journal));
  const offsets = recordOffsets(bytes);
  if (offsets.length !== n) throw new Error(`expected ${n} journal records, found ${offsets.length}`);
  // A length field far past the end of the file, in the middle record.
  bytes.writeUInt32LE(0x7ffffff0, offsets[n >> 1] + 4);
  writeFileSync(join(dir, journal), bytes);
  const r = await outcome(ctx, ctx.promkit, file);
  const copies = readdirSync(dir).filter((f) => f.includes('.refused-'));
  const groups = 'groups' in r ? r.groups : 0;
  const log = 'groups' in r ? r.said : r.refused;
  return {
    scenario: `(c) length field damaged mid-journal, ${n} groups`,
    promkit:
      ('refused' in r ? `refuses to start: ${r.refused}` : `starts with ${groups}/${n} groups`) +
      `; ${copies.length > 0 ? `copy kept: ${copies[0]}` : 'NO copy kept'}; says: ${log}`,
    pushgateway: 'not run',
    expected: `starts with the ${n - 1} intact groups; a .refused-… copy kept; the damage logged`,
    pass: groups === n - 1 && copies.length === 1 && /damaged/.test(log),
  };
}

/** The three damaged-file rows. */
export async function damagedFiles(ctx: HardeningContext): Promise<HardeningRow[]> {
  const n = ctx.o.journalGroups;
  ctx.log('damaged files: unreadable snapshot…');
  const a = await unreadableSnapshot(ctx, n);
  ctx.log('damaged files: bit flip…');
  const b = await flippedSnapshot(ctx, n);
  ctx.log('damaged files: journal…');
  const c = await damagedJournal(ctx, n);
  return [a, b, c];
}
