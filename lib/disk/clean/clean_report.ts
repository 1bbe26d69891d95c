// What disk-clean reports: the plan and its result with df before and after, as an aligned table for people and
// as stable snake_case --json fields with exact bytes, and advice for deleted files still held open.

import { formatTable } from "../../cli/output.ts";
import { formatSize } from "../../cli/parse_size.ts";
import { formatArgv } from "../../host/run_command.ts";
import type { FilesystemUsage } from "../filesystems.ts";
import type { OpenDeletedFile } from "../open_deleted.ts";
import type { CleanPolicy } from "./clean_policy.ts";
import type { CleanResult } from "./apply_clean.ts";
import type { CleanPlan } from "./plan_types.ts";

/** One disk-clean run: what was planned, what happened, and df around it. */
export interface CleanRun {
  dryRun: boolean;
  plan: CleanPlan;
  result: CleanResult | undefined;
  before: FilesystemUsage;
  after: FilesystemUsage | undefined;
  openDeleted: OpenDeletedFile[];
  interrupted: boolean;
}

/**
 * The --json object of a disk-clean run (fields as in the README). Pure.
 *
 * @example
 * ```ts
 * printJson(cleanJson(policy, run));
 * ```
 */
export function cleanJson(policy: CleanPolicy, run: CleanRun) {
  const { dryRun, plan, result, before, after, openDeleted, interrupted } = run;
  return {
    dry_run: dryRun,
    path: policy.path,
    if_above_percent: policy.ifAbovePercent ?? null,
    skipped_reason: null,
    targets: plan.targets.map((t) => {
      const r = result?.targets.find((x) => x.name === t.name);
      return {
        name: t.name,
        title: t.title,
        roots: t.roots,
        unavailable: t.unavailable ?? null,
        expected_bytes: t.expectedBytes,
        actions: t.actions.map((a) =>
          a.type === "delete"
            ? { type: "delete", path: a.path, bytes: a.bytes }
            : a.type === "command"
            ? { type: "command", argv: a.argv, bytes: a.expectedBytes }
            : { type: "journal", argv: a.argv, files: a.files, bytes: a.expectedBytes }
        ),
        skipped: t.skipped.map((s) => ({
          path: s.path,
          reason: s.reason,
          ...(s.holder ? { pid: s.holder.pid, command: s.holder.command } : {}),
        })),
        notes: t.notes,
        result: r
          ? {
            freed_bytes: r.freedBytes,
            deleted: r.deleted,
            commands: r.commands.map((c) => ({ argv: c.argv, code: c.code, freed_bytes: c.freedBytes })),
            left_alone: r.leftAlone,
            failed: r.failed,
            matches_plan: r.matchesPlan ?? null,
          }
          : null,
      };
    }),
    expected_bytes: plan.expectedBytes,
    freed_bytes: result?.freedBytes ?? 0,
    interrupted,
    filesystem_before: dfJson(before),
    filesystem_after: after ? dfJson(after) : null,
    open_deleted: openDeleted.map((f) => ({
      pid: f.pid,
      command: f.command,
      fd: f.fd,
      path: f.path,
      disk_bytes: f.diskBytes,
      advice: adviceFor(f),
    })),
  };
}

/**
 * A df figure as the snake_case --json fields of disk-clean. Pure.
 *
 * @example
 * ```ts
 * printJson({ filesystem_before: dfJson(await filesystemOf("/")) });
 * ```
 */
export function dfJson(u: FilesystemUsage) {
  return {
    mount_point: u.mountPoint,
    source: u.source,
    fs_type: u.fsType,
    size_bytes: u.sizeBytes,
    used_bytes: u.usedBytes,
    avail_bytes: u.availBytes,
    use_percent: u.usePercent,
    inodes_free: u.inodesFree,
  };
}

/**
 * The report of a disk-clean run for people: a table of targets, the dry run's actions, what was left alone
 * or failed, the total and df before → after. Pure.
 *
 * @example
 * ```ts
 * console.log(formatCleanReport(run));
 * ```
 */
export function formatCleanReport(run: CleanRun): string {
  const { dryRun, plan, result, before, after, openDeleted, interrupted } = run;
  const lines: string[] = [];
  const rows = [["TARGET", dryRun ? "WOULD FREE" : "EXPECTED", ...(dryRun ? [] : ["FREED"]), "WHAT"]];
  for (const t of plan.targets) {
    const r = result?.targets.find((x) => x.name === t.name);
    const what = t.unavailable
      ? `skipped: ${t.unavailable}`
      : t.actions.length === 0
      ? `${t.title}: nothing to do`
      : `${t.title}: ${describeActions(t.actions)}`;
    rows.push([
      t.name,
      formatSize(t.expectedBytes),
      ...(dryRun ? [] : [r ? formatSize(r.freedBytes) : "not run"]),
      what,
    ]);
  }
  lines.push(formatTable(rows, { right: dryRun ? [1] : [1, 2] }));
  for (const t of plan.targets) {
    if (dryRun) {
      // The full list is in --json; a person needs the first lines and the count.
      const shown = 25;
      if (t.actions.length > shown) lines.push(`  ${t.name}: ${t.actions.length} actions, the first ${shown}:`);
      for (const a of t.actions.slice(0, shown)) {
        if (a.type === "delete") lines.push(`  ${t.name}: delete ${a.path} (${formatSize(a.bytes)})`);
        else if (a.type === "command") lines.push(`  ${t.name}: run ${formatArgv(a.argv)}`);
        else {
          lines.push(`  ${t.name}: run ${formatArgv(a.argv)}, which deletes:`);
          for (const f of a.files) lines.push(`    ${f}`);
        }
      }
    }
    for (const s of t.skipped) {
      const who = s.holder ? ` by ${s.holder.command} (pid ${s.holder.pid})` : "";
      lines.push(`  ${t.name}: left alone ${s.path}: ${s.reason === "open" ? `held open${who}` : s.reason}`);
    }
    for (const n of t.notes) lines.push(`  ${t.name}: note: ${n}`);
    const r = result?.targets.find((x) => x.name === t.name);
    for (const f of r?.failed ?? []) lines.push(`  ${t.name}: FAILED ${f.what}: ${f.error}`);
    for (const f of r?.leftAlone ?? []) lines.push(`  ${t.name}: left alone ${f.path}: ${f.reason}`);
    if (r?.matchesPlan === false) lines.push(`  ${t.name}: journalctl deleted other files than planned`);
  }
  const total = dryRun
    ? `Would free ${formatSize(plan.expectedBytes)}`
    : `Freed ${formatSize(result?.freedBytes ?? 0)} (expected ${formatSize(plan.expectedBytes)})`;
  lines.push(total);
  const df = (u: FilesystemUsage) => `${u.usePercent}% used, ${formatSize(u.availBytes)} free`;
  lines.push(`${before.mountPoint}: ${df(before)}${after ? ` → ${df(after)}` : ""}`);
  if (interrupted) lines.push("Interrupted: stopped at a safe point; the lines above are what was done.");
  if (openDeleted.length > 0) {
    lines.push("Deleted files still held open (their space returns only when released; nothing was killed):");
    for (const f of openDeleted.slice(0, 20)) {
      lines.push(`  ${formatSize(f.diskBytes)} ${f.path}: ${adviceFor(f)}`);
    }
  }
  return lines.join("\n");
}

/**
 * What to do about a deleted file still held open: restart its process, or truncate it. Pure.
 *
 * @example
 * ```ts
 * adviceFor(file); // "restart nginx (pid 812) to release it, or truncate it: : > /proc/812/fd/5"
 * ```
 */
export function adviceFor(f: OpenDeletedFile): string {
  return `restart ${f.command} (pid ${f.pid}) to release it, or truncate it: : > /proc/${f.pid}/fd/${f.fd}`;
}

function describeActions(actions: CleanPlan["targets"][number]["actions"]): string {
  const files = actions.filter((a) => a.type === "delete").length;
  const commands = actions.filter((a) => a.type !== "delete").map((a) => formatArgv(a.argv));
  return [files ? `${files} file(s)` : "", ...commands].filter(Boolean).join("; ");
}
