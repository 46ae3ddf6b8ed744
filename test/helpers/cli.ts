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
    // Streaming commands get the input in small pieces, to cross every boundary.
    readInputChunks: (path) => pieces(path === '-' ? (typeof stdin === 'string' ? Buffer.from(stdin) : stdin) : path),
    isTTY: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

async function* pieces(input: Uint8Array | string): AsyncIterable<Uint8Array> {
  const bytes = typeof input === 'string' ? await readFile(input) : input;
  for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
}
