#!/usr/bin/env node
// Regenerates fixtures/gateway/expected-1.5.1.json: every scenario of
// fixtures/gateway/scenarios.json run against the real Pushgateway 1.5.1
// (Debian prometheus-pushgateway), each on a fresh server bound to 127.0.0.1
// with a free port and a temporary persistence file.
//
//   node scripts/gen-gateway-fixtures.mjs [--binary /usr/bin/prometheus-pushgateway]
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario, startPushgateway } from './gen-gateway-fixtures.lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const binary =
  args[args.indexOf('--binary') + 1] && args.includes('--binary')
    ? args[args.indexOf('--binary') + 1]
    : '/usr/bin/prometheus-pushgateway';

async function main() {
  const scenarios = JSON.parse(readFileSync(join(root, 'fixtures/gateway/scenarios.json'), 'utf8'));
  const out = [];
  for (const sc of scenarios) {
    const pg = await startPushgateway(binary, sc.flags ?? []);
    try {
      out.push({ name: sc.name, transcripts: await runScenario(pg.base, sc) });
    } finally {
      await pg.stop();
    }
    process.stderr.write(`${sc.name}\n`);
  }
  const version = await new Promise((resolve) => {
    const c = spawn(binary, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let s = '';
    c.stdout.on('data', (d) => (s += d));
    c.stderr.on('data', (d) => (s += d));
    c.on('exit', () => resolve(s.split('\n')[0].trim()));
  });
  const doc = { generatedBy: 'scripts/gen-gateway-fixtures.mjs', server: version, scenarios: out };
  writeFileSync(join(root, 'fixtures/gateway/expected-1.5.1.json'), JSON.stringify(doc, null, 1) + '\n');
  process.stderr.write(`wrote ${out.length} scenarios\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exitCode = 1;
  });
}
