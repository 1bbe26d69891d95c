// The disk drill as data: one clearly named file that fills a filesystem to rehearse disk-clean, never past 99 %.

/** A filesystem's numbers as `df -B1 --output=size,used,avail,target` gives them. */
export interface FsUsage {
  size: number;
  used: number;
  /** Free to non-root users (root-reserved blocks excluded), as df counts it. */
  avail: number;
  mount: string;
}

/** The plan of `simulate-failure --fill-disk`. */
export interface FillDiskPlan {
  path: string;
  file: string;
  bytes: number;
  mount: string;
  /** df's Use% now and after the fill. */
  use_before: number;
  use_after: number;
  /** fallocate argv. */
  fill: string[];
}

/** The most a drill may fill a filesystem to, in df's Use%. */
export const MAX_USE_PERCENT = 99;

/**
 * Parses the output of `df -B1 --output=size,used,avail,target PATH` (pure).
 *
 * @example
 * ```ts
 * parseDf("1B-blocks Used Avail Mounted on\n1000 100 900 /\n"); // { size: 1000, used: 100, avail: 900, mount: "/" }
 * ```
 */
export function parseDf(text: string): FsUsage {
  const line = text.trim().split("\n")[1];
  const m = line ? /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.+)$/.exec(line) : null;
  if (!m) throw new TypeError(`Cannot read df output: ${text.trim().split("\n").join(" | ")}`);
  return { size: Number(m[1]), used: Number(m[2]), avail: Number(m[3]), mount: m[4]! };
}

/**
 * df's Use%: used / (used + avail), rounded up, as df prints it (pure).
 *
 * @example
 * ```ts
 * usePercent({ size: 1000, used: 100, avail: 900, mount: "/" }); // 10
 * ```
 */
export function usePercent(used: number, avail: number): number {
  const total = used + avail;
  return total === 0 ? 0 : Math.ceil((used / total) * 100);
}

/**
 * Plans filling the filesystem of `dir` by `bytes`, or up to `toPercent` Use%. Throws `RangeError` when that would
 * go past {@linkcode MAX_USE_PERCENT} or there is nothing to fill. Pure.
 *
 * @example
 * ```ts
 * planFillDisk("/var/tmp", df, { bytes: 2 * 1024 ** 3 }, new Date());
 * ```
 */
export function planFillDisk(
  dir: string,
  df: FsUsage,
  want: { bytes?: number; toPercent?: number },
  now: Date,
): FillDiskPlan {
  const total = df.used + df.avail;
  let bytes = want.bytes ?? 0;
  if (want.toPercent !== undefined) {
    bytes = Math.ceil((want.toPercent / 100) * total) - df.used;
    if (bytes <= 0) {
      throw new RangeError(
        `${df.mount} is already at ${usePercent(df.used, df.avail)}%, at or above ${want.toPercent}%: nothing to fill`,
      );
    }
  }
  // Whole 4 KiB blocks, so df sees exactly what we planned.
  bytes = Math.ceil(bytes / 4096) * 4096;
  const after = usePercent(df.used + bytes, Math.max(0, df.avail - bytes));
  if (bytes > df.avail || after > MAX_USE_PERCENT) {
    const most = Math.max(0, Math.floor(((MAX_USE_PERCENT / 100) * total - df.used) / 4096) * 4096);
    throw new RangeError(
      `Filling ${df.mount} by ${bytes} bytes would take it to ${after}% (more than ${MAX_USE_PERCENT}%): use at most ` +
        `${most} bytes, or --to ${MAX_USE_PERCENT}%`,
    );
  }
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const file = `${dir.replace(/\/+$/, "") || ""}/hostmend-fill-${stamp}.bin`;
  return {
    path: dir,
    file,
    bytes,
    mount: df.mount,
    use_before: usePercent(df.used, df.avail),
    use_after: after,
    fill: ["fallocate", "-l", String(bytes), file],
  };
}

/** Names of the files a fill drill creates. */
export const FILL_FILE = /^hostmend-fill-\d{8}T\d{6}Z\.bin$/;
