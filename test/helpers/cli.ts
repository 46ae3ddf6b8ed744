import { readFile } from 'node:fs/promises';
import type { CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

/** What a CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output; `stdin` is what `-` reads. */
export async function runCli(argv: string[], stdin: string | Uint8Array = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readInput: async (path) =>
      path === '-' ? (typeof stdin === 'string' ? Buffer.from(stdin) : stdin) : readFile(path),
    isTTY: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
