// journal-vacuum's story: check what journalctl supports, measure how it vacuums, scan, predict, then (unless
// a dry run) run the real journalctl and check what it deleted against the prediction.

import { UsageError } from "../cli/errors.ts";
import { atimeRefreshed } from "./atime_refreshed.ts";
import { listJournalDirectories } from "./journal_directories.ts";
import type { Journalctl, JournalctlInfo } from "./journalctl.ts";
import { vacuumArgv } from "./journalctl.ts";
import {
  type DirectoryScan,
  planVacuum,
  type VacuumBehaviour,
  type VacuumLimits,
  type VacuumPlan,
} from "./plan_vacuum.ts";
import { probeVacuumBehaviour } from "./probe_vacuum.ts";
import { scanJournalDirectory } from "./scan_journal_directory.ts";

/** Options of {@linkcode vacuumJournal}. */
export interface VacuumJournalOptions {
  /** journalctl --directory; absent: the system journal. */
  directory?: string;
  limits: VacuumLimits;
  dryRun: boolean;
  signal?: AbortSignal;
  /** Current time in µs (tests). */
  nowUsec?: () => bigint;
}

/** What a vacuum did (or, in a dry run, will do). */
export interface VacuumJournalResult {
  dryRun: boolean;
  info: JournalctlInfo;
  behaviour: VacuumBehaviour;
  /** The journalctl command run (or to run). */
  argv: string[];
  plan: VacuumPlan;
  /** Dry run: the files the plan deletes. Real run: the files that are gone afterwards. */
  deleted: string[];
  /** Real run: whether journalctl deleted exactly the predicted files. */
  matchesPlan?: boolean;
  beforeBytes: number;
  afterBytes: number;
  freedBytes: number;
  /** journalctl --disk-usage before and after (its own rounding). */
  journalctlUsageBefore: string;
  journalctlUsageAfter?: string;
  /** Things the installed journalctl does differently or cannot do. */
  notes: string[];
}

/**
 * Plans a journal vacuum exactly and, unless `dryRun`, runs the real `journalctl --vacuum-*` and measures it.
 * Throws {@linkcode UsageError} when no limit is given, the directory does not exist or journalctl cannot do it.
 * Needs `--allow-read`, `--allow-write` (a temp dir for the probe), `--allow-run=journalctl`, `--allow-ffi`.
 *
 * @example
 * ```ts
 * const r = await vacuumJournal({ directory: "/var/log/journal/remote", limits: { maxUseBytes: 1 << 30 }, dryRun: true },
 *   createJournalctl());
 * ```
 */
export async function vacuumJournal(
  options: VacuumJournalOptions,
  journalctl: Journalctl,
): Promise<VacuumJournalResult> {
  const { limits } = options;
  if (!limits.maxUseBytes && !limits.maxFiles && !limits.maxRetentionUsec) {
    throw new UsageError("Nothing to vacuum by: give --time, --size or --files (for example --size 500M)");
  }
  const info = await journalctl.info();
  const notes = checkSupport(info, limits);
  const directories = await listJournalDirectories(options.directory).catch((error) => {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      throw new UsageError(
        `Journal directory "${options.directory}" does not exist: give a directory of *.journal files`,
      );
    }
    throw error;
  });
  const behaviour = await probeVacuumBehaviour(journalctl).catch((error) => {
    // A full /tmp must not stop a vacuum: fall back to what upstream systemd of this version does.
    notes.push(
      `could not measure journalctl's behaviour (${error?.message ?? error}): assuming upstream ${info.version}`,
    );
    return { countsActiveSize: info.version >= 254, vacuumsRootDirectory: info.version >= 244 };
  });
  if (!behaviour.vacuumsRootDirectory) {
    notes.push(
      `journalctl ${info.version} does not vacuum files directly in the top directory, only in its machine-id subdirectories (fixed in systemd 244)`,
    );
  }
  if (!behaviour.countsActiveSize && limits.maxUseBytes) {
    notes.push(`journalctl ${info.version} counts only archived files toward --size; active files come on top`);
  }
  const atimeCounts = await Promise.all(directories.map(async (d) => !(await atimeRefreshed(d.directory))));
  const scan = () =>
    Promise.all(directories.map(async (d, i): Promise<DirectoryScan> => ({
      directory: d.directory,
      isRoot: d.isRoot,
      files: await scanJournalDirectory(d.directory, { headerSize: info.headerSize, atimeCounts: atimeCounts[i] }),
    })));
  const before = await scan();
  const now = options.nowUsec?.() ?? BigInt(Date.now()) * 1000n;
  const plan = planVacuum(before, limits, now, behaviour);
  if (!plan.exact) {
    notes.push("file times were read to the second only (no --allow-ffi or no statx): ages are approximate");
  }
  const argv = vacuumArgv(options.directory, limits);
  const journalctlUsageBefore = await journalctl.diskUsage(options.directory);
  const result: VacuumJournalResult = {
    dryRun: options.dryRun,
    info,
    behaviour,
    argv,
    plan,
    deleted: plan.delete.map((e) => e.path),
    beforeBytes: plan.beforeBytes,
    afterBytes: plan.afterBytes,
    freedBytes: plan.freedBytes,
    journalctlUsageBefore,
    notes,
  };
  if (options.dryRun) return result;
  options.signal?.throwIfAborted();
  // Not killed on SIGINT/SIGTERM: journalctl's deletions are quick, and stopping it half way would leave the
  // report without the measurement of what it did.
  await journalctl.vacuum(options.directory, limits);
  const after = await scan();
  const remaining = new Set(after.flatMap((s) => s.files.map((f) => f.path)));
  result.deleted = before.flatMap((s) => s.files.map((f) => f.path)).filter((p) => !remaining.has(p));
  const predicted = new Set(plan.delete.map((e) => e.path));
  result.matchesPlan = result.deleted.length === predicted.size && result.deleted.every((p) => predicted.has(p));
  // Keep journalctl's deletion order (the plan's) for the paths that match.
  result.deleted.sort((a, b) => order(plan, a) - order(plan, b));
  result.afterBytes = after.reduce((n, s) => n + s.files.reduce((m, f) => m + f.usage, 0), 0);
  result.freedBytes = Math.max(0, result.beforeBytes - result.afterBytes);
  result.journalctlUsageAfter = await journalctl.diskUsage(options.directory);
  return result;
}

function order(plan: VacuumPlan, path: string): number {
  const i = plan.delete.findIndex((e) => e.path === path);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

function checkSupport(info: JournalctlInfo, limits: VacuumLimits): string[] {
  if (!info.vacuumSizeTime) {
    throw new UsageError(
      `journalctl ${info.version} cannot vacuum (systemd 218+ can): delete old archived files by hand`,
    );
  }
  if (limits.maxFiles && !info.vacuumFiles) {
    throw new UsageError(
      `journalctl ${info.version} has no --vacuum-files (systemd 227+ has it): use --size or --time on this host`,
    );
  }
  const notes: string[] = [];
  if (!info.rotate) {
    notes.push(`journalctl ${info.version} has no --rotate (systemd 227+): active files stay as they are`);
  }
  return notes;
}
