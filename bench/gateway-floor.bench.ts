// `promkit gateway` at 10,000 groups against the floor of this runtime (a bare node:http server) in
// one run, with Debian's `wrk`; prints one table with the ratios and the targets.
//   npm run build && npm run bench:gateway-floor [-- --groups 10000 --seconds 5 --connections 8
//                                                   --scrapers 50 --gets 5 --starts 5 --series-limit 1000]
import { DEFAULT_FLOOR, runGatewayFloor, type FloorOptions, type FloorRow } from './lib/gateway-floor.js';
import { machineNote, repoRoot, table } from './lib/harness.js';

const FLAGS: Record<string, keyof FloorOptions> = {
  '--groups': 'groups',
  '--seconds': 'seconds',
  '--connections': 'connections',
  '--scrapers': 'scrapers',
  '--gets': 'gets',
  '--starts': 'starts',
  '--series-limit': 'seriesLimit',
};

function options(argv: string[]): FloorOptions {
  const o: FloorOptions = { ...DEFAULT_FLOOR };
  for (let i = 0; i < argv.length; i++) {
    const key = FLAGS[argv[i]];
    if (key === undefined) throw new Error(`unknown option ${argv[i]} (known: ${Object.keys(FLAGS).join(' ')})`);
    const v = Number.parseInt(argv[++i] ?? '', 10);
    if (!(v > 0)) throw new Error(`${argv[i - 1]}: expected a positive integer`);
    o[key] = v;
  }
  return o;
}

/** The rows as a table: figure, anchor, ratio, target, met. */
export function floorTable(rows: readonly FloorRow[]): string {
  return table(
    ['measure', 'promkit', 'anchor', 'anchor is', 'ratio', 'target', 'met'],
    rows.map((r) => [
      r.measure,
      r.promkit,
      r.anchor ?? '–',
      r.anchorName || '–',
      r.anchor === undefined ? '–' : `${(r.promkit / r.anchor).toFixed(2)}×`,
      r.target || '–',
      r.met === undefined ? '–' : r.met ? 'yes' : 'NO',
    ]),
  );
}

const o = options(process.argv.slice(2));
const log = (s: string): void => void process.stderr.write(`${s}\n`);
log(`load average ${machineNote().loadavg.join(' ')}; ${JSON.stringify(o)}`);
const rows = await runGatewayFloor(repoRoot(import.meta.url), o, log);
process.stdout.write(floorTable(rows));
log(`load average ${machineNote().loadavg.join(' ')}`);
