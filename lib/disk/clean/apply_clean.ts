// Executes a CleanPlan exactly: each file only if it is still the file that was planned, each command measured
// before and after; stops at a safe point (between two actions) when interrupted; never kills anything.

import { ActionError } from "../../cli/errors.ts";
import { tail } from "../../host/run_command.ts";
import { readFileTimes } from "../../journal/file_times.ts";
import { vacuumJournal } from "../../journal/vacuum_journal.ts";
import { directoryUsage } from "./directory_usage.ts";
import type {
  CleanContext,
  CleanPlan,
  CommandAction,
  DeleteFileAction,
  JournalAction,
  TargetName,
} from "./plan_types.ts";

/** What one target did. */
export interface TargetResult {
  name: TargetName;
  expectedBytes: number;
  /** Measured: blocks of the deleted files, or the drop of the measured directories / journal. */
  freedBytes: number;
  /** Files deleted (by the target itself or, for the journal, by journalctl). */
  deleted: string[];
  /** Commands run, with their exit codes. */
  commands: { argv: string[]; code: number; freedBytes: number }[];
  /** Planned files left alone at apply time, and why. */
  leftAlone: { path: string; reason: string }[];
  failed: { what: string; error: string }[];
  /** The journal: whether journalctl deleted exactly the planned files. */
  matchesPlan?: boolean;
}

/** What the whole run did. */
export interface CleanResult {
  targets: TargetResult[];
  freedBytes: number;
  /** Stopped early by SIGINT/SIGTERM; the targets list what was done until then. */
  interrupted: boolean;
}

/**
 * Applies `plan`. Throws {@linkcode ActionError} with one line when a target's filesystem is read-only. Needs
 * `--allow-read`, `--allow-write` for the target directories and `--allow-run` for the commands in the plan.
 *
 * @example
 * ```ts
 * const result = await applyClean(await planClean(policy, ctx), ctx, signal);
 * ```
 */
export async function applyClean(plan: CleanPlan, ctx: CleanContext, signal?: AbortSignal): Promise<CleanResult> {
  const result: CleanResult = { targets: [], freedBytes: 0, interrupted: false };
  for (const target of plan.targets) {
    if (signal?.aborted) {
      result.interrupted = true;
      break;
    }
    const r: TargetResult = {
      name: target.name,
      expectedBytes: target.expectedBytes,
      freedBytes: 0,
      deleted: [],
      commands: [],
      leftAlone: [],
      failed: [],
    };
    result.targets.push(r);
    for (const action of target.actions) {
      if (signal?.aborted) {
        result.interrupted = true;
        break;
      }
      if (action.type === "delete") await deleteFile(action, r);
      else if (action.type === "command") await runAction(action, ctx, r);
      else await vacuumAction(action, ctx, r);
    }
    result.freedBytes += r.freedBytes;
    if (result.interrupted) break;
  }
  return result;
}

async function deleteFile(action: DeleteFileAction, r: TargetResult): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(action.path);
  } catch {
    r.leftAlone.push({ path: action.path, reason: "gone already" });
    return;
  }
  // Only the very file that was planned: not a symlink or another file put there since (even on a reused inode).
  const ctimeUs = info.isFile ? readFileTimes(action.path).ctimeUs.toString() : "";
  if (!info.isFile || info.dev !== action.dev || info.ino !== action.ino || ctimeUs !== action.ctimeUs) {
    r.leftAlone.push({ path: action.path, reason: "changed since planned" });
    return;
  }
  if ((info.nlink ?? 1) > 1) {
    r.leftAlone.push({ path: action.path, reason: "hard-linked since planned" });
    return;
  }
  try {
    await Deno.remove(action.path);
  } catch (error) {
    throwIfReadOnly(error, action.path);
    r.failed.push({ what: action.path, error: message(error) });
    return;
  }
  r.deleted.push(action.path);
  r.freedBytes += (info.blocks ?? 0) * 512;
}

async function runAction(action: CommandAction, ctx: CleanContext, r: TargetResult): Promise<void> {
  const before = await measure(action.measure);
  const out = await ctx.run(action.argv, { noThrow: true });
  const after = await measure(action.measure);
  const freed = Math.max(0, before - after);
  r.commands.push({ argv: action.argv, code: out.code, freedBytes: freed });
  r.freedBytes += freed;
  if (!out.success) {
    if (/read-only file system/i.test(out.stderr)) {
      throw new ActionError(
        `${action.argv.join(" ")} failed: the filesystem is read-only: remount it read-write first`,
      );
    }
    r.failed.push({
      what: action.argv.join(" "),
      error: `exit code ${out.code}: ${tail(out.stderr, 2).replace(/\n/g, " | ")}`,
    });
  }
}

async function vacuumAction(action: JournalAction, ctx: CleanContext, r: TargetResult): Promise<void> {
  try {
    const v = await vacuumJournal(
      { directory: action.directory, limits: action.limits, dryRun: false },
      ctx.journalctl,
    );
    r.deleted.push(...v.deleted);
    r.freedBytes += v.freedBytes;
    r.commands.push({ argv: action.argv, code: 0, freedBytes: v.freedBytes });
    const planned = new Set(action.files);
    r.matchesPlan = v.deleted.length === planned.size && v.deleted.every((p) => planned.has(p));
  } catch (error) {
    throwIfReadOnly(error, action.directory ?? "the journal");
    r.failed.push({ what: action.argv.join(" "), error: message(error) });
  }
}

async function measure(dirs: string[]): Promise<number> {
  let total = 0;
  for (const d of dirs) total += await directoryUsage(d);
  return total;
}

function throwIfReadOnly(error: unknown, path: string): void {
  const text = message(error);
  if ((error as { code?: string })?.code === "EROFS" || /read-only file system|os error 30\b/i.test(text)) {
    throw new ActionError(
      `cannot delete ${path}: the filesystem is read-only: remount it read-write, or check dmesg for disk errors`,
    );
  }
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
