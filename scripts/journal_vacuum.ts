// deno task journal-vacuum: vacuum the systemd journal by time, size or file count with the real journalctl,
// after an exact prediction of the files it deletes (--dry-run prints only that).

import {
  EXIT,
  formatSize,
  formatTable,
  type MainContext,
  optionValue,
  parseCount,
  parseDuration,
  parseSize,
  parseTaskArgs,
  printHelp,
  printJson,
  runMain,
  type TaskSpec,
} from "../lib/cli/mod.ts";
import { formatArgv } from "../lib/host/run_command.ts";
import { requireRoot } from "../lib/host/privileges.ts";
import {
  createJournalctl,
  JOURNALD_CONF_DIR,
  persistJournaldDropIn,
  type PersistResult,
  renderJournaldDropIn,
  vacuumJournal,
  type VacuumJournalResult,
  type VacuumLimits,
} from "../lib/journal/mod.ts";

export const spec = {
  name: "journal-vacuum",
  summary: "vacuum the systemd journal by time, size or file count, with an exact dry-run prediction",
  description: `
Runs the real journalctl --vacuum-size/--vacuum-time/--vacuum-files. Before it does, it predicts exactly which
archived files journalctl will delete (journalctl has no dry run); --dry-run prints only that. Active files are
never deleted. Limits apply per journal directory, as in journalctl.`,
  options: {
    time: { type: "string", value: "DURATION", description: "delete archived files older than this (3days, 12h)" },
    size: {
      type: "string",
      value: "SIZE",
      description: "delete oldest archived files until the journal fits (500M, 1G)",
    },
    files: { type: "string", value: "N", description: "keep at most N journal files per directory (systemd 227+)" },
    directory: {
      type: "string",
      value: "DIR",
      description: "vacuum this journal directory (default: the system journal)",
    },
    "dry-run": { type: "boolean", description: "print the files that would be deleted and change nothing" },
    persist: {
      type: "boolean",
      description: "also write the limits to journald (hostmend.conf drop-in) and restart journald",
    },
    "conf-dir": {
      type: "string",
      value: "DIR",
      description: `where --persist writes hostmend.conf (default ${JOURNALD_CONF_DIR})`,
    },
  },
  examples: [
    "deno task journal-vacuum --time 3days --size 500M --dry-run",
    "sudo deno task journal-vacuum --size 100M --persist",
    "deno task journal-vacuum --directory /var/log/journal/remote --files 10 --json",
  ],
} as const satisfies TaskSpec;

export async function main(args: string[], ctx: MainContext): Promise<number> {
  const { values } = parseTaskArgs(spec, args);
  if (values.help) return printHelp(spec);
  const limits: VacuumLimits = {};
  if (values.size !== undefined) limits.maxUseBytes = optionValue("--size", values.size, parseSize);
  if (values.time !== undefined) {
    limits.maxRetentionUsec = Math.round(optionValue("--time", values.time, parseDuration) * 1e6);
  }
  if (values.files !== undefined) limits.maxFiles = optionValue("--files", values.files, (t) => parseCount(t, 1));
  const dryRun = Boolean(values["dry-run"]);
  if (!dryRun) {
    requireRoot(spec.name, values.persist ? "delete journal files and write journald.conf.d" : "delete journal files");
  }
  const journalctl = createJournalctl();
  const result = await vacuumJournal(
    { directory: values.directory, limits, dryRun, signal: ctx.signal },
    journalctl,
  );
  let persist: PersistResult | undefined;
  if (values.persist) {
    const content = renderJournaldDropIn(limits, result.info.version);
    persist = await persistJournaldDropIn(content, { confDir: values["conf-dir"], dryRun });
  }
  if (values.json) printJson(toJson(result, limits, values.directory, persist));
  else console.log(formatReport(result, persist));
  return result.matchesPlan === false ? EXIT.warning : EXIT.ok;
}

function toJson(r: VacuumJournalResult, limits: VacuumLimits, directory: string | undefined, persist?: PersistResult) {
  return {
    dry_run: r.dryRun,
    directory: directory ?? null,
    directories: r.plan.directories,
    command: r.argv,
    limits: {
      size_bytes: limits.maxUseBytes ?? null,
      time_usec: limits.maxRetentionUsec ?? null,
      files: limits.maxFiles ?? null,
    },
    journalctl: {
      version: r.info.version,
      version_text: r.info.versionText,
      vacuum_files: r.info.vacuumFiles,
      rotate: r.info.rotate,
      counts_active_size: r.behaviour.countsActiveSize,
      vacuums_top_directory: r.behaviour.vacuumsRootDirectory,
    },
    delete: r.deleted,
    planned: r.plan.delete.map((e) => ({ path: e.path, bytes: e.bytes, kind: e.kind, reasons: e.reasons ?? [] })),
    kept: r.plan.keep.map((e) => ({ path: e.path, bytes: e.bytes, kind: e.kind })),
    matches_plan: r.matchesPlan ?? null,
    exact_times: r.plan.exact,
    before_bytes: r.beforeBytes,
    after_bytes: r.afterBytes,
    freed_bytes: r.freedBytes,
    journalctl_disk_usage_before: r.journalctlUsageBefore,
    journalctl_disk_usage_after: r.journalctlUsageAfter ?? null,
    persist: persist
      ? { path: persist.path, content: persist.content, changed: persist.changed, restarted: persist.restarted }
      : null,
    notes: r.notes,
  };
}

function formatReport(r: VacuumJournalResult, persist?: PersistResult): string {
  const lines: string[] = [];
  lines.push(`${r.dryRun ? "Would run" : "Ran"}: ${formatArgv(r.argv)}  (${r.info.versionText})`);
  if (r.plan.delete.length === 0) {
    lines.push("No archived journal file is over the limits: nothing to delete.");
  } else {
    const rows = [["SIZE", "WHY", r.dryRun ? "WOULD DELETE" : "DELETED"]];
    const gone = new Set(r.deleted);
    for (const e of r.plan.delete) {
      if (!r.dryRun && !gone.has(e.path)) continue;
      rows.push([formatSize(e.bytes), (e.reasons ?? []).join(","), e.path]);
    }
    for (const p of r.deleted) if (!r.plan.delete.some((e) => e.path === p)) rows.push(["?", "unpredicted", p]);
    lines.push(formatTable(rows, { right: [0] }));
  }
  lines.push(
    `${r.dryRun ? "Would free" : "Freed"} ${formatSize(r.freedBytes)}: ${formatSize(r.beforeBytes)} before, ${
      formatSize(r.afterBytes)
    } after, ${r.plan.keep.length} file(s) kept`,
  );
  lines.push(
    `journalctl --disk-usage: ${r.journalctlUsageBefore}${
      r.journalctlUsageAfter ? ` → ${r.journalctlUsageAfter}` : ""
    }`,
  );
  if (r.matchesPlan === false) {
    lines.push("Warning: journalctl deleted other files than predicted (see --json: delete vs planned)");
  }
  for (const note of r.notes) lines.push(`Note: ${note}`);
  if (persist) {
    const state = r.dryRun
      ? (persist.changed ? "would write" : "already up to date:")
      : (persist.changed ? "wrote" : "unchanged:");
    lines.push(
      `${state} ${persist.path}${persist.restarted ? " and restarted systemd-journald" : ""}${
        persist.note && persist.changed ? ` (journald not restarted: ${persist.note})` : ""
      }`,
    );
    if (r.dryRun) lines.push(...persist.content.trimEnd().split("\n").map((l) => `  ${l}`));
  }
  return lines.join("\n");
}

if (import.meta.main) runMain(spec.name, (ctx) => main(Deno.args, ctx));
