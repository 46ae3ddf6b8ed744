/**
 * A test for which of `words` a lower-cased metric name holds as promlint looks for them: as
 * `_word_` inside or `_word` at the end. The patterns are built once, not on every name.
 * The test returns the words found, in the order given.
 */
export function nameWords(words: readonly string[]): (name: string) => string[] {
  const inner = words.map((w) => `_${w}_`);
  const tail = words.map((w) => `_${w}`);
  return (name) => {
    const found: string[] = [];
    if (!name.includes('_')) return found;
    for (let i = 0; i < words.length; i++) if (name.includes(inner[i]) || name.endsWith(tail[i])) found.push(words[i]);
    return found;
  };
}
