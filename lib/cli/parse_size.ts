// Sizes as operators write them (journalctl, df, du): 100M, 1.5G, 512K, 10737418240.

const UNITS: Record<string, number> = {
  "": 1,
  B: 1,
  K: 1024,
  M: 1024 ** 2,
  G: 1024 ** 3,
  T: 1024 ** 4,
  P: 1024 ** 5,
};

/**
 * Parses a size with an optional binary unit (K, M, G, T, P; also KB, KiB, MB…) into bytes.
 * Throws `RangeError` with a message fit to show a user.
 *
 * @example
 * ```ts
 * parseSize("100M"); // 104857600
 * ```
 */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!match) throw new RangeError(`Cannot parse size "${text}": use a number with an optional unit, like 100M or 2G`);
  const unit = (match[2] ?? "").toUpperCase().replace(/I?B$/, "");
  const factor = UNITS[unit];
  if (factor === undefined) {
    throw new RangeError(`Cannot parse size "${text}": unknown unit "${match[2]}", use K, M, G, T or P`);
  }
  return Math.round(Number(match[1]) * factor);
}

/**
 * Formats bytes the way `du -h` and `df -h` do: powers of 1024, one decimal below 10, rounded up.
 *
 * @example
 * ```ts
 * formatSize(1_500_000_000); // "1.4G"
 * ```
 */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  const units = ["K", "M", "G", "T", "P", "E"];
  let value = bytes;
  let unit = "";
  for (const u of units) {
    value /= 1024;
    unit = u;
    if (value < 1024) break;
  }
  // du rounds up, so a size is never shown smaller than it is.
  if (value < 10) {
    const up = Math.ceil(value * 10) / 10;
    return up >= 10 ? `${up.toFixed(0)}${unit}` : `${up.toFixed(1)}${unit}`;
  }
  return `${Math.ceil(value)}${unit}`;
}
