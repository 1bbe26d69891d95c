// deno task disk-clean: free space by a policy of cleanup targets — plan (what, where, expected bytes), then
// apply exactly that plan (bytes freed, measured), with df before and after.

import { EXIT, type MainContext, parseTaskArgs, printHelp, printJson, runMain, type TaskSpec } from "../lib/cli/mod.ts";
import { acquireLock, type Lock } from "../lib/host/lock.ts";
import { readOsRelease } from "../lib/host/os_release.ts";
import { requireRoot } from "../lib/host/privileges.ts";
import { runCommand, which } from "../lib/host/run_command.ts";
import { filesystemOf } from "../lib/disk/filesystems.ts";
import { findOpenDeleted, type OpenDeletedFile } from "../lib/disk/open_deleted.ts";
import {
  applyClean,
  applyCleanFlags,
  type CleanContext,
  cleanJson,
  type CleanPolicy,
  type CleanResult,
  DEFAULT_CONFIG_PATH,
  dfJson,
  findOpenFiles,
  formatCleanReport,
  loadCleanPolicy,
  planClean,
  rethrowFsError,
  TARGET_NAMES,
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
  applyCleanFlags(policy, values);
  const dryRun = Boolean(values["dry-run"]);
  if (!dryRun) requireRoot(spec.name, `clean ${policy.targets.join(", ")}`);
  let lock: Lock | undefined;
  try {
    if (!dryRun) lock = await acquireLock(policy.lock, spec.name).catch((e) => rethrowFsError(e, policy.lock));
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
    result = await applyClean(plan, context, signal).catch((e) => rethrowFsError(e, policy.path));
  }
  const after = dryRun ? undefined : await filesystemOf(policy.path);
  const openDeleted = await findOpenDeleted().catch(() => [] as OpenDeletedFile[]);
  const interrupted = signal.aborted || Boolean(result?.interrupted);
  const report = { dryRun, plan, result, before, after, openDeleted, interrupted };
  if (json) printJson(cleanJson(policy, report));
  else console.log(formatCleanReport(report));
  if (interrupted) return EXIT.interrupted;
  return result?.targets.some((t) => t.failed.length > 0) ? EXIT.critical : EXIT.ok;
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

if (import.meta.main) runMain(spec.name, (ctx) => main(Deno.args, ctx));
