// The hardening table: promkit's gateway (this built file, `--serve`) and, where the scenario applies,
// Debian's prometheus-pushgateway 1.5.1 in the same run, loopback, each scenario bounded in count and time:
// full disk (2 MiB tmpfs; needs root), 100k labels, snappy bomb, (a+)+b, damaged files, 50 scrapers +
// 8 pushers (needs wrk). Prints one Markdown table; progress goes to stderr.
//   npm run bench:hardening [-- --only full-disk,labels,snappy-bomb,regex,damaged-files,load
//     --labels 100000 --snappy-mib 330 --regex-length 40 --journal-groups 50 --groups 10000 --seconds 30
//     --scrapers 50 --pushers 8 --no-pushgateway]
import { fileURLToPath } from 'node:url';
import { gatewayCommand } from '../src/cli/commands/gateway.js';
import { processIO } from '../src/cli/io.js';
import { machineNote, repoRoot } from './lib/harness.js';
import { hardeningTable, runHardening } from './lib/hardening/run.js';
import { promkitLauncher } from './lib/hardening/servers.js';
import { DEFAULT_HARDENING, SCENARIOS, type HardeningOptions, type ScenarioName } from './lib/hardening/types.js';

const NUMBERS: Record<string, keyof Omit<HardeningOptions, 'scenarios'>> = {
  '--labels': 'labels',
  '--snappy-mib': 'snappyMib',
  '--regex-length': 'regexLength',
  '--journal-groups': 'journalGroups',
  '--groups': 'groups',
  '--seconds': 'seconds',
  '--scrapers': 'scrapers',
  '--pushers': 'pushers',
};

function options(argv: string[]): { o: HardeningOptions; pushgateway: boolean } {
  const o: HardeningOptions = { ...DEFAULT_HARDENING, scenarios: [...DEFAULT_HARDENING.scenarios] };
  let pushgateway = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-pushgateway') pushgateway = false;
    else if (a === '--only') {
      const names = (argv[++i] ?? '').split(',');
      const bad = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
      if (bad.length > 0) throw new Error(`--only: unknown ${bad.join(', ')} (known: ${SCENARIOS.join(',')})`);
      o.scenarios = names as ScenarioName[];
    } else if (a in NUMBERS) {
      const v = Number.parseInt(argv[++i] ?? '', 10);
      if (!(v > 0)) throw new Error(`${a}: expected a positive integer`);
      o[NUMBERS[a]] = v;
    } else throw new Error(`unknown option ${a} (known: --only --no-pushgateway ${Object.keys(NUMBERS).join(' ')})`);
  }
  return { o, pushgateway };
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--serve') return gatewayCommand(argv.slice(1), processIO());
  const { o, pushgateway } = options(argv);
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const start = machineNote();
  log(`load average ${start.loadavg.join(' ')}; node ${start.node}; ${JSON.stringify(o)}`);
  const script = fileURLToPath(import.meta.url);
  const rows = await runHardening(
    o,
    {
      root: repoRoot(import.meta.url),
      promkit: promkitLauncher(process.execPath, [script, '--serve']),
      pushgateway: pushgateway ? undefined : false,
    },
    log,
  );
  const end = machineNote();
  process.stdout.write(
    `load average at start ${start.loadavg.join(' ')}, at end ${end.loadavg.join(' ')}; node ${end.node}\n\n` +
      hardeningTable(rows),
  );
  return rows.some((r) => r.pass === false) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
