// Size, use and inode use of the real filesystems, as df reports them. GNU df is on every supported
// distro and gives the same numbers operators compare with; statfs would need FFI in every task.

import { runCommand } from "../host/run_command.ts";
import { type Mount, readMounts, realFilesystems } from "./mountinfo.ts";

/** One filesystem's usage, in bytes and inodes. */
export interface FilesystemUsage {
  mountPoint: string;
  source: string;
  fsType: string;
  sizeBytes: number;
  usedBytes: number;
  availBytes: number;
  /** As df computes it: used / (used + available), rounded up. */
  usePercent: number;
  inodesTotal: number;
  inodesUsed: number;
  inodesFree: number;
  /** null where the filesystem has no fixed inode count (btrfs, some network filesystems). */
  inodeUsePercent: number | null;
}

const COLUMNS = "source,fstype,size,used,avail,itotal,iused,iavail,target";

/**
 * Parses `df -B1 --output=source,fstype,size,used,avail,itotal,iused,iavail,target` (pure). The mount point is
 * the last column, so it may contain spaces.
 *
 * @example
 * ```ts
 * parseDfOutput("Filesystem Type 1B-blocks Used Avail Inodes IUsed IFree Mounted on\n/dev/root ext4 100 40 60 10 1 9 /\n");
 * ```
 */
export function parseDfOutput(text: string): FilesystemUsage[] {
  const result: FilesystemUsage[] = [];
  for (const line of text.split("\n").slice(1)) {
    const m = /^(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+|-)\s+(\d+|-)\s+(\d+|-)\s+(.+)$/.exec(line);
    if (!m) continue;
    const [, source, fsType, size, used, avail, itotal, iused, iavail, target] = m;
    const usedBytes = Number(used);
    const availBytes = Number(avail);
    const inodesTotal = itotal === "-" ? 0 : Number(itotal);
    const inodesUsed = iused === "-" ? 0 : Number(iused);
    result.push({
      mountPoint: target!,
      source: source!,
      fsType: fsType!,
      sizeBytes: Number(size),
      usedBytes,
      availBytes,
      usePercent: percentUp(usedBytes, usedBytes + availBytes),
      inodesTotal,
      inodesUsed,
      inodesFree: iavail === "-" ? 0 : Number(iavail),
      inodeUsePercent: inodesTotal > 0 ? percentUp(inodesUsed, inodesTotal) : null,
    });
  }
  return result;
}

function percentUp(part: number, whole: number): number {
  return whole > 0 ? Math.ceil((part * 100) / whole) : 0;
}

async function df(paths: string[]): Promise<FilesystemUsage[]> {
  // A hung network mount must not hang a health check: give df a deadline.
  const r = await runCommand(["df", "-B1", `--output=${COLUMNS}`, "--", ...paths], {
    noThrow: true,
    timeoutMs: 15_000,
  });
  const parsed = parseDfOutput(r.stdout);
  if (!parsed.length && !r.success) throw new Error(`df failed with exit code ${r.code}: ${r.stderr.trim()}`);
  return parsed;
}

/**
 * Usage of every real mounted filesystem (pseudo filesystems skipped, bind mounts once), in mount order.
 * Needs `--allow-read=/proc` and `--allow-run=df`.
 *
 * @example
 * ```ts
 * for (const fs of await readFilesystems()) console.log(fs.mountPoint, fs.usePercent);
 * ```
 */
export async function readFilesystems(options: { mounts?: Mount[] } = {}): Promise<FilesystemUsage[]> {
  const mounts = realFilesystems(options.mounts ?? await readMounts());
  if (!mounts.length) return [];
  const usage = await df(mounts.map((m) => m.mountPoint));
  const seen = new Set<string>();
  return usage.filter((u) => !seen.has(u.mountPoint) && seen.add(u.mountPoint));
}

/**
 * Usage of the filesystem that holds `path`. Needs `--allow-run=df`.
 *
 * @example
 * ```ts
 * (await filesystemOf("/var/log")).availBytes;
 * ```
 */
export async function filesystemOf(path: string): Promise<FilesystemUsage> {
  const [usage] = await df([path]);
  if (!usage) throw new Error(`df reported nothing for ${path}`);
  return usage;
}
