// The file-deleting targets: core dumps, rotated logs, tmp files. Each is a rule for planFileDeletions().

import type { CleanPolicy } from "./clean_policy.ts";
import { type FileRule, planFileDeletions } from "./plan_file_deletions.ts";
import type { CleanContext, TargetName, TargetPlan } from "./plan_types.ts";

/** A rotated log's name: `*.gz` (and other compressions), `*.N`, `*.N.gz`, `*-YYYYMMDD`, `*-YYYYMMDD.gz`. */
export const ROTATED_LOG = /(\.(gz|xz|bz2|zst|lz4)|\.\d+|-\d{8}(\.\w+)?)$/;

/**
 * Plans one of the file targets (core-dumps, rotated-logs, tmp) from the policy. Needs `--allow-read`.
 *
 * @example
 * ```ts
 * const plan = await planFileTarget("core-dumps", policy, ctx);
 * ```
 */
export async function planFileTarget(
  name: Extract<TargetName, "core-dumps" | "rotated-logs" | "tmp">,
  policy: CleanPolicy,
  ctx: CleanContext,
): Promise<TargetPlan> {
  const { roots, rule, title } = fileTargetRule(name, policy);
  const found = await planFileDeletions(roots, rule, ctx.nowMs, ctx.open);
  return {
    name,
    title,
    roots,
    actions: found.actions,
    expectedBytes: found.actions.reduce((n, a) => n + a.bytes, 0),
    skipped: found.skipped,
    notes: found.notes,
  };
}

/**
 * The directories and rule of a file target (pure).
 *
 * @example
 * ```ts
 * fileTargetRule("tmp", defaultCleanPolicy()).roots; // ["/tmp", "/var/tmp"]
 * ```
 */
export function fileTargetRule(
  name: "core-dumps" | "rotated-logs" | "tmp",
  policy: CleanPolicy,
): { roots: string[]; rule: FileRule; title: string } {
  const days = (sec: number) => `${+(sec / 86400).toFixed(2)} days`;
  if (name === "core-dumps") {
    const { dirs, olderThanSec } = policy.coreDumps;
    return {
      roots: dirs,
      title: `core dumps older than ${days(olderThanSec)}`,
      rule: { match: () => true, olderThanMs: olderThanSec * 1000, age: "mtime", recursive: true },
    };
  }
  if (name === "rotated-logs") {
    const { dir, olderThanSec } = policy.rotatedLogs;
    return {
      roots: [dir],
      title: `rotated logs older than ${days(olderThanSec)}`,
      rule: {
        // The journal has its own target; never treat its files as logs.
        match: (file, rel) => ROTATED_LOG.test(file) && !rel.startsWith("journal/"),
        olderThanMs: olderThanSec * 1000,
        age: "mtime",
        recursive: true,
      },
    };
  }
  const { dirs, olderThanSec } = policy.tmp;
  return {
    roots: dirs,
    title: `tmp files not used for ${days(olderThanSec)}`,
    rule: {
      // Services' private tmp directories belong to running services.
      match: (_file, rel) => !rel.startsWith("systemd-private-"),
      olderThanMs: olderThanSec * 1000,
      age: "used",
      recursive: true,
    },
  };
}
