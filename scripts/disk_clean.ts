// deno task disk-clean: free space by a policy of cleanup targets — plan (what, where, expected bytes), then
// apply exactly that plan (bytes freed, measured), with df before and after.

import {
  ActionError,
  EXIT,
  formatSize,
  formatTable,
  type MainContext,
  optionValue,
  parsePercent,
  parseTaskArgs,
  printHelp,
  printJson,
  runMain,
  type TaskSpec,
} from "../lib/cli/mod.ts";
import { acquireLock, type Lock } from "../lib/host/lock.ts";
import { readOsRelease } from "../lib/host/os_release.ts";
import { requireRoot } from "../lib/host/privileges.ts";
import { formatArgv, runCommand, which } from "../lib/host/run_command.ts";
import { filesystemOf, type FilesystemUsage } from "../lib/disk/filesystems.ts";
import { findOpenDeleted, type OpenDeletedFile } from "../lib/disk/open_deleted.ts";
import {
  applyClean,
  type CleanContext,
  type CleanPlan,
  type CleanPolicy,
  type CleanResult,
  DEFAULT_CONFIG_PATH,
  findOpenFiles,
  loadCleanPolicy,
  planClean,
  TARGET_NAMES,
  targetName,
} from "../lib/disk/clean/mod.ts";
import { createJournalctl } from "../lib/journal/journalctl.ts";

export const spec = {
  name: "disk-clean",
  summary: "free disk space by a policy of cleanup targets: plan, then apply, with the bytes freed measured",
  description: `
Default targets: journal (keep at most 500M and 3 days), package-cache (apt, dnf or yum), core-dumps (older than
3 days). Opt-in: rotated-logs (/var/log, older than 7 days), tmp (/tmp and /var/tmp, older than 10 days),
old-kernels (keep the running one and one more), docker (system prune). The policy, target directories and ages
come from ${DEFAULT_CONFIG_PATH} (or --config); flags override it. Only regular files are deleted: never through a
symlink, never on another filesystem, never one with other hard links or held open by a process.`,
  options: {
    with: { type: "string", multiple: true, value: "TARGET", description: `add a target (${TARGET_NAMES.join(", ")})` },
    only: { type: "string", multiple: true, value: "TARGET", description: "run only these targets" },
    config: { type: "string", value: "PATH", description: `policy file (default ${DEFAULT_CONFIG_PATH} if present)` },
    "dry-run": { type: "boolean", description: "print the plan and change nothing" },
    "if-above": {
      type: "string",
      value: "PERCENT",
      description: "act only when the filesystem is above this use (80%)",
    },
    path: { type: "string", value: "PATH", description: "the filesystem to report and test (default /)" },
  },
  examples: [
    "deno task disk-clean --dry-run",
    "sudo deno task disk-clean --with rotated-logs --with tmp",
    "sudo deno task disk-clean --if-above 80% --json   # nightly from cron",
  ],
} as const satisfies TaskSpec;

export async function main(args: string[], ctx: MainContext): Promise<number> {
  const { values } = parseTaskArgs(spec, args);
  if (values.help) return printHelp(spec);
  const policy = await loadCleanPolicy(values.config);
  applyFlags(policy, values);
  const dryRun = Boolean(values["dry-run"]);
  if (!dryRun) requireRoot(spec.name, `clean ${policy.targets.join(", ")}`);
  let lock: Lock | undefined;
  try {
    if (!dryRun) lock = await acquireLock(policy.lock, spec.name).catch((e) => rethrowFs(e, policy.lock));
    return await run(policy, dryRun, values.json, ctx.signal);
  } finally {
    await lock?.release();
  }
}

async function run(policy: CleanPolicy, dryRun: boolean, json: boolean, signal: AbortSignal): Promise<number> {
  const before = await filesystemOf(policy.path);
  if (policy.ifAbovePercent !== undefined && before.usePercent <= policy.ifAbovePercent) {
    const reason =
      `${before.mountPoint} is at ${before.usePercent}%, not above ${policy.ifAbovePercent}%: nothing to do`;
    if (json) {
      printJson({ dry_run: dryRun, path: policy.path, skipped_reason: reason, filesystem_before: dfJson(before) });
    } else console.log(reason);
    return EXIT.ok;
  }
  const context = await buildContext();
  const plan = await planClean(policy, context);
  let result: CleanResult | undefined;
  if (!dryRun && !signal.aborted) {
    result = await applyClean(plan, context, signal).catch((e) => rethrowFs(e, policy.path));
  }
  const after = dryRun ? undefined : await filesystemOf(policy.path);
  const openDeleted = await findOpenDeleted().catch(() => [] as OpenDeletedFile[]);
  const interrupted = signal.aborted || Boolean(result?.interrupted);
  if (json) printJson(toJson(policy, dryRun, plan, result, before, after, openDeleted, interrupted));
  else console.log(formatReport(dryRun, plan, result, before, after, openDeleted, interrupted));
  if (interrupted) return EXIT.interrupted;
  return result?.targets.some((t) => t.failed.length > 0) ? EXIT.critical : EXIT.ok;
}

function applyFlags(
  policy: CleanPolicy,
  values: { with?: string[]; only?: string[]; "if-above"?: string; path?: string },
): void {
  if (values.only?.length) policy.targets = values.only.map((t) => targetName(t, "--only"));
  for (const t of values.with ?? []) {
    const name = targetName(t, "--with");
    if (!policy.targets.includes(name)) policy.targets.push(name);
  }
  if (values["if-above"] !== undefined) {
    policy.ifAbovePercent = optionValue("--if-above", values["if-above"], parsePercent);
  }
  if (values.path !== undefined) policy.path = values.path;
}

async function buildContext(): Promise<CleanContext> {
  return {
    nowMs: Date.now(),
    open: await findOpenFiles(),
    journalctl: createJournalctl(),
    os: await readOsRelease(),
    which,
    run: runCommand,
    kernelRelease: Deno.osRelease(),
  };
}

/** A read-only or full filesystem is the operator's next step, not a stack trace. */
function rethrowFs(error: unknown, path: string): never {
  const text = error instanceof Error ? error.message : String(error);
  if (/read-only file system|os error 30\b/i.test(text)) {
    throw new ActionError(`cannot write ${path}: the filesystem is read-only: remount it read-write, or check dmesg`);
  }
  if (/no space left on device|os error 28\b/i.test(text)) {
    throw new ActionError(
      `cannot write ${path}: no space left on device: free space by hand, or point "lock" elsewhere`,
    );
  }
  throw error;
}

function toJson(
  policy: CleanPolicy,
  dryRun: boolean,
  plan: CleanPlan,
  result: CleanResult | undefined,
  before: FilesystemUsage,
  after: FilesystemUsage | undefined,
  openDeleted: OpenDeletedFile[],
  interrupted: boolean,
) {
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

function dfJson(u: FilesystemUsage) {
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

function adviceFor(f: OpenDeletedFile): string {
  return `restart ${f.command} (pid ${f.pid}) to release it, or truncate it: : > /proc/${f.pid}/fd/${f.fd}`;
}

function formatReport(
  dryRun: boolean,
  plan: CleanPlan,
  result: CleanResult | undefined,
  before: FilesystemUsage,
  after: FilesystemUsage | undefined,
  openDeleted: OpenDeletedFile[],
  interrupted: boolean,
): string {
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

function describeActions(actions: CleanPlan["targets"][number]["actions"]): string {
  const files = actions.filter((a) => a.type === "delete").length;
  const commands = actions.filter((a) => a.type !== "delete").map((a) => formatArgv(a.argv));
  return [files ? `${files} file(s)` : "", ...commands].filter(Boolean).join("; ");
}

if (import.meta.main) runMain(spec.name, (ctx) => main(Deno.args, ctx));
