// Splitting a task's arguments given as one string (`--args "--if-above 80%"`), the way sh would split them.

/**
 * Splits `text` into words with sh's quoting rules for '…', "…" and backslash; no expansions. Throws `RangeError`
 * on an unclosed quote. Pure.
 *
 * @example
 * ```ts
 * splitArgs(`--if-above 80% --config "/etc/my config.json"`); // ["--if-above", "80%", "--config", "/etc/my config.json"]
 * ```
 */
export function splitArgs(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\" && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new RangeError(`Unclosed ${quote} in "${text}": close the quote`);
  if (inWord) words.push(word);
  if (words.some((w) => /[\n\r]/.test(w))) throw new RangeError(`Arguments "${text}" contain a line break: remove it`);
  return words;
}
