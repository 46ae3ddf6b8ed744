import { unitCandidates } from '../../../src/validate/rules/non-base-unit.js';

/**
 * Compares our promtool-format output with promtool's, allowing for the one
 * random choice promtool makes: when a name holds several known unit words,
 * Go's map order decides which one `use base unit …` reports. For such names
 * any candidate's line (or none, when the chosen unit is a base unit) is
 * accepted; everything else must be identical. Returns undefined when they
 * agree, else a description of the difference.
 */
export function comparePromtool(ours: string, theirs: string): string | undefined {
  if (ours === theirs) return undefined;
  const strip = (text: string): { lines: string[]; units: Map<string, string[]> } => {
    const lines: string[] = [];
    const units = new Map<string, string[]>();
    for (const line of text.split('\n')) {
      const m = /^(\S+) (use base unit "[^"]*" instead of "[^"]*")$/.exec(line);
      if (m && unitCandidates(m[1]).length > 1) {
        units.set(m[1], [...(units.get(m[1]) ?? []), m[2]]);
        continue;
      }
      lines.push(line);
    }
    return { lines, units };
  };
  const a = strip(ours);
  const b = strip(theirs);
  if (a.lines.join('\n') !== b.lines.join('\n')) return `ours:\n${ours}\npromtool:\n${theirs}`;
  for (const [name, texts] of [...a.units, ...b.units]) {
    const allowed = unitCandidates(name)
      .filter((c) => c.unit !== c.base)
      .map((c) => `use base unit "${c.base}" instead of "${c.unit}"`);
    for (const t of texts) if (!allowed.includes(t)) return `${name}: ${t} is not one of promtool's possible answers`;
  }
  return undefined;
}
