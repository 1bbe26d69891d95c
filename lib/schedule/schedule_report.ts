// What `cron` tells people: each entry with its schedule and next runs, and what a run changed or would change.

import type { CronDaemon } from "./cron_daemon.ts";
import type { SchedulePlan } from "./plan_schedule.ts";
import type { ScheduleApplied } from "./apply_schedule.ts";

/**
 * The report of `cron install` or `cron remove`: the entries, warnings, and each file written or removed (with
 * its content on a dry run). Pure.
 *
 * @example
 * ```ts
 * console.log(formatScheduleReport(plan, applied, { dryRun: true, daemon }));
 * ```
 */
export function formatScheduleReport(
  plan: SchedulePlan,
  applied: ScheduleApplied,
  options: { dryRun: boolean; daemon: CronDaemon },
): string {
  const { changes, commands, notes } = applied;
  const { dryRun, daemon } = options;
  const verb = dryRun ? "would" : "did";
  const lines = plan.entries.flatMap(formatScheduleEntry);
  if (plan.target === "cron" && plan.action === "install") lines.push(`cron daemon: ${daemon.reason}`);
  for (const m of plan.missing) lines.push(`not found (hostmend did not write it): ${m}`);
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  if (!changes.length) lines.push("Nothing to change: the files already say this");
  for (const f of changes) {
    lines.push(
      `${verb} ${f.content === null ? "remove" : "write"} ${f.path}${f.content === null ? "" : " (mode 0644)"}`,
    );
    if (dryRun && f.content !== null) lines.push(`----- ${f.path}\n${f.content}-----`);
  }
  if (dryRun && commands.length) lines.push(`would run: ${commands.map((c) => c.join(" ")).join(" && ")}`);
  for (const n of notes) lines.push(`note: ${n}`);
  return lines.join("\n");
}

/**
 * The report of `cron list`: every entry, or that there is none in `place`. Pure.
 *
 * @example
 * ```ts
 * console.log(formatScheduleList(plan, "/etc/cron.d/hostmend"));
 * ```
 */
export function formatScheduleList(plan: SchedulePlan, place: string): string {
  if (!plan.entries.length) return `No hostmend entries in ${place}`;
  return plan.entries.flatMap(formatScheduleEntry).join("\n");
}

/**
 * One entry as lines: the command, its schedule in its zone (and as written), OnCalendar= lines, the next runs
 * and daylight-saving notes. Pure.
 *
 * @example
 * ```ts
 * console.log(formatScheduleEntry(plan.entries[0]!).join("\n"));
 * ```
 */
export function formatScheduleEntry(e: SchedulePlan["entries"][number]): string[] {
  const lines = [`${e.name}: deno task ${[e.task, ...e.args].join(" ")}`];
  const written = e.written !== e.schedule ? `, written as "${e.written}"` : "";
  lines.push(`  schedule "${e.schedule}" in ${e.tz}${written}`);
  if (e.on_calendar) { for (const c of e.on_calendar) lines.push(`  OnCalendar=${c}`); }
  lines.push("  next runs:");
  for (const r of e.next_runs) {
    lines.push(`    ${r.local}   ${r.utc.replace(".000Z", "Z")}${r.note ? `   (${r.note})` : ""}`);
  }
  for (const n of e.dst_notes) lines.push(`  daylight saving: ${n}`);
  return lines;
}
