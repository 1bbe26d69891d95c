// The journal target: journal-vacuum's exact plan, with disk-clean's limits (default 500M and 3 days).

import { formatSize } from "../../cli/parse_size.ts";
import { listJournalDirectories } from "../../journal/journal_directories.ts";
import { vacuumJournal } from "../../journal/vacuum_journal.ts";
import type { CleanPolicy } from "./clean_policy.ts";
import type { CleanContext, TargetPlan } from "./plan_types.ts";

/**
 * Plans the journal vacuum (the exact list of files journalctl will delete). Needs what journal-vacuum needs.
 *
 * @example
 * ```ts
 * const plan = await planJournalTarget(policy, ctx);
 * ```
 */
export async function planJournalTarget(policy: CleanPolicy, ctx: CleanContext): Promise<TargetPlan> {
  const { maxUseBytes, maxRetentionUsec, directory } = policy.journal;
  const base: TargetPlan = {
    name: "journal",
    title: `journal vacuum (keep at most ${formatSize(maxUseBytes)} and ${+(maxRetentionUsec / 86400e6).toFixed(
      2,
    )} days)`,
    roots: directory ? [directory] : ["/run/log/journal", "/var/log/journal"],
    actions: [],
    expectedBytes: 0,
    skipped: [],
    notes: [],
  };
  if (!(await ctx.which("journalctl"))) return { ...base, unavailable: "journalctl is not installed" };
  if (directory && !(await Deno.stat(directory).then((i) => i.isDirectory, () => false))) {
    return { ...base, unavailable: `${directory} does not exist` };
  }
  // journalctl follows a symlinked machine-id directory; disk-clean never deletes through a symlink.
  const linked = (await listJournalDirectories(directory)).filter((d) => d.viaSymlink);
  if (linked.length > 0) {
    base.skipped.push(...linked.map((d) => ({ path: d.directory, reason: "symlink" as const })));
    return {
      ...base,
      unavailable: `${linked[0]!.directory} is a symlink that journalctl would follow: use journal-vacuum for it`,
    };
  }
  const limits = { maxUseBytes, maxRetentionUsec };
  const r = await vacuumJournal(
    { directory, limits, dryRun: true, nowUsec: () => BigInt(ctx.nowMs) * 1000n },
    ctx.journalctl,
  );
  base.roots = r.plan.directories;
  base.notes.push(...r.notes);
  if (r.plan.delete.length > 0) {
    base.actions.push({
      type: "journal",
      directory,
      limits,
      argv: r.argv,
      files: r.deleted,
      expectedBytes: r.freedBytes,
    });
    base.expectedBytes = r.freedBytes;
  }
  return base;
}
