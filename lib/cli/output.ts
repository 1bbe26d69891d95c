// Output for people and programs: aligned tables, JSON, and progress that only a terminal sees.

/**
 * Formats rows as an aligned table. Columns whose index is in `right` are right-aligned (numbers, sizes).
 *
 * @example
 * ```ts
 * console.log(formatTable([["PATH", "SIZE"], ["/var", "1.4G"]], { right: [1] }));
 * ```
 */
export function formatTable(rows: string[][], options: { right?: number[]; gap?: string } = {}): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const right = new Set(options.right ?? []);
  return rows.map((row) =>
    row.map((cell, i) => {
      const last = i === row.length - 1;
      if (right.has(i)) return cell.padStart(widths[i]!);
      return last ? cell : cell.padEnd(widths[i]!);
    }).join(options.gap ?? "  ")
  ).join("\n");
}

/**
 * Prints `value` as one JSON object on stdout (2-space indented, bigints as numbers).
 *
 * @example
 * ```ts
 * printJson({ freed_bytes: 1024 });
 * ```
 */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, (_k, v) => typeof v === "bigint" ? Number(v) : v, 2));
}

/** Progress on stderr, shown only when stderr is a terminal, redrawn at most every 100 ms. */
export interface Progress {
  update(text: string): void;
  done(): void;
}

/**
 * Creates a {@linkcode Progress}; it writes nothing unless stderr is a terminal.
 *
 * @example
 * ```ts
 * const progress = createProgress();
 * progress.update("scanned 1,000 entries");
 * progress.done();
 * ```
 */
export function createProgress(enabled = Deno.stderr.isTerminal()): Progress {
  let last = 0;
  let shown = false;
  const encoder = new TextEncoder();
  return {
    update(text) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      Deno.stderr.writeSync(encoder.encode(`\r\x1b[K${text.slice(0, 120)}`));
    },
    done() {
      if (enabled && shown) Deno.stderr.writeSync(encoder.encode("\r\x1b[K"));
    },
  };
}
