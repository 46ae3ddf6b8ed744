/** Where a bench run reports how far it is. */
export interface Progress {
  /** The run starts; `total` steps will follow. */
  begin(total: number): void;
  /** `done` steps of `total` are finished; `label` says what runs now. */
  step(done: number, label: string): void;
  /** A line of text for the user (a finished row, a note). */
  log(line: string): void;
  /** The run is over: remove any bar. */
  end(): void;
}

/** Progress that only passes log lines on, one per line (for pipes, files and CI logs). */
export function lineProgress(write: (s: string) => void): Progress {
  return { begin() {}, step() {}, log: (line) => write(line + '\n'), end() {} };
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Renders the bar line for {@link ttyProgress}: `[####----]  45%  9/20  label  0:32`, at most
 * `columns` characters. Pure.
 */
export function renderBar(done: number, total: number, label: string, elapsedMs: number, columns: number): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const width = 24;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${done}/${total}  `;
  const tail = `  ${clock(elapsedMs)}`;
  const room = Math.max(0, columns - 1 - bar.length - tail.length);
  return bar + (label.length > room ? label.slice(0, Math.max(0, room - 1)) + '…' : label.padEnd(room)) + tail;
}

/**
 * A one-line progress bar redrawn in place (carriage return, erase line) on a terminal, with the
 * elapsed time ticking once a second. Log lines are printed above the bar.
 */
export function ttyProgress(write: (s: string) => void, columns: () => number = () => 100): Progress {
  let total = 0;
  let done = 0;
  let label = '';
  let start = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = (): void => write(`\r\x1b[2K${renderBar(done, total, label, performance.now() - start, columns())}`);
  return {
    begin(n) {
      total = n;
      start = performance.now();
      timer = setInterval(draw, 1000);
      timer.unref();
      draw();
    },
    step(d, l) {
      done = d;
      label = l;
      draw();
    },
    log(line) {
      write(`\r\x1b[2K${line}\n`);
      if (timer !== undefined) draw();
    },
    end() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      write('\r\x1b[2K');
    },
  };
}
