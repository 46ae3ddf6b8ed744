#!/usr/bin/env node
import { VERSION } from '../version.js';
import { processIO, EXIT_USAGE, type Command, type CliIO } from './io.js';

/** Every command, loaded on demand so that `promkit parse` does not load the gateway. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  parse: {
    summary: 'parse an exposition and print a summary or canonical JSON',
    load: async () => (await import('./commands/parse.js')).parseCommand,
  },
  gateway: {
    summary: 'run a Pushgateway-compatible server that keeps every push',
    load: async () => (await import('./commands/gateway.js')).gatewayCommand,
  },
  fmt: {
    summary: 'rewrite an exposition as the reference serializer writes it',
    load: async () => (await import('./commands/fmt.js')).fmtCommand,
  },
  lint: {
    summary: 'check expositions: parse errors, promlint, structure, push rules',
    load: async () => (await import('./commands/lint.js')).lintCommand,
  },
  push: {
    summary: 'lint, then push to a Pushgateway (retries, gzip, --every schedules)',
    load: async () => (await import('./commands/push.js')).pushCommand,
  },
  bench: {
    summary: 'per-stage throughput next to the Go reference, with charts and baselines',
    load: async () => (await import('./commands/bench.js')).benchCommand,
  },
};

function usage(): string {
  const lines = ['usage: promkit <command> [options]', '', 'commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${c.summary}`);
  lines.push('', 'Run `promkit <command> --help` for the options of a command.');
  return lines.join('\n') + '\n';
}

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version') {
    io.stdout(`promkit ${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`promkit: unknown command "${name}"\nRun 'promkit --help' for the commands.\n`);
    return EXIT_USAGE;
  }
  return (await command.load())(rest, io);
}

const invokedDirectly =
  process.argv[1] !== undefined && /(?:^|[\\/])(?:main\.[cm]?[jt]s|promkit)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`promkit: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 70;
    },
  );
}
