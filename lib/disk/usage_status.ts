// Monitoring-check semantics of disk-audit: each filesystem is ok, warning or critical by the higher of its
// space and inode use, and the exit code follows the worst (0/1/2), as a Nagios-style plugin does.

import { EXIT } from "../cli/exit_codes.ts";
import type { FilesystemUsage } from "./filesystems.ts";

/** How full something is, against --warn and --crit. */
export type UsageStatus = "ok" | "warning" | "critical";

/** A filesystem with its status. */
export interface MarkedFilesystem extends FilesystemUsage {
  status: UsageStatus;
}

/**
 * Marks each filesystem: critical when space or inode use is at or above `crit` percent, warning at or above
 * `warn`, else ok (pure).
 *
 * @example
 * ```ts
 * markFilesystems(await readFilesystems(), { warn: 80, crit: 90 }).filter((f) => f.status !== "ok");
 * ```
 */
export function markFilesystems(
  filesystems: FilesystemUsage[],
  limits: { warn: number; crit: number },
): MarkedFilesystem[] {
  return filesystems.map((fs) => {
    const use = Math.max(fs.usePercent, fs.inodeUsePercent ?? 0);
    const status: UsageStatus = use >= limits.crit ? "critical" : use >= limits.warn ? "warning" : "ok";
    return { ...fs, status };
  });
}

/**
 * The exit code of an audit: 2 when a filesystem is critical, 1 when one is at warning or the scan is incomplete
 * (unreadable directories), else 0.
 *
 * @example
 * ```ts
 * auditExitCode(marked, result.complete); // 0, 1 or 2
 * ```
 */
export function auditExitCode(filesystems: { status: UsageStatus }[], complete: boolean): number {
  if (filesystems.some((f) => f.status === "critical")) return EXIT.critical;
  if (!complete || filesystems.some((f) => f.status === "warning")) return EXIT.warning;
  return EXIT.ok;
}
