import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** What a command needs from the outside world; tests pass their own. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Writes raw bytes to standard output (binary formats). When absent, commands write the bytes as a latin1 string through `stdout`. */
  stdoutBytes?: (b: Uint8Array) => void;
  /** Reads a file, or standard input for `-`, as raw bytes. */
  readInput: (path: string) => Promise<Uint8Array>;
  /** Reads a file, or standard input for `-`, chunk by chunk (commands that stream); when absent, {@link readInput} is used. */
  readInputChunks?: (path: string) => AsyncIterable<Uint8Array>;
  /** Whether standard output is a terminal (colour, progress). */
  isTTY: boolean;
  /** Whether standard input is a terminal (then a command reading it says so). */
  stdinIsTTY?: boolean;
}

/** A CLI command: takes its own arguments (after the command name) and returns the exit code. */
export type Command = (argv: string[], io: CliIO) => Promise<number>;

/** Exit code for usage errors, shared by every command. */
export const EXIT_USAGE = 2;

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The real process's I/O. */
export function processIO(): CliIO {
  return {
    stdout: (s) => process.stdout.write(s),
    stdoutBytes: (b) => process.stdout.write(b),
    stderr: (s) => process.stderr.write(s),
    readInput: (path) => (path === '-' ? readStdin() : readFile(path)),
    readInputChunks: (path) => (path === '-' ? process.stdin : createReadStream(path)),
    isTTY: Boolean(process.stdout.isTTY),
    stdinIsTTY: Boolean(process.stdin.isTTY),
  };
}
